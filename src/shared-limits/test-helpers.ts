// Two gateway instances' shared limits in one process, for the Redis tests: a RedisLimits on a
// RedisLink each, and small helpers to admit bursts and read what came of them.
import { GatewayError } from '../errors/gateway-error.js';
import type { OutcomeRecord } from '../gateway/pipeline/outcome.js';
import { createBudgetTracker } from '../usage/budgets.js';
import { createPriceTable } from '../usage/price-table.js';
import { Cancellation } from '../util/cancellation.js';
import { type memoryLogger, silentLogger } from '../util/log.js';
import { LocalLimits } from './local.js';
import { RedisLimits } from './redis-limits.js';
import { RedisLink } from './redis-link.js';
import type { LimitedKey } from './types.js';

export const prices = createPriceTable();

export interface Instance {
  limits: RedisLimits;
  link: RedisLink;
}

export async function instance(
  url: string,
  prefix: string,
  o: {
    leaseMs?: number;
    releaseFlushMs?: number;
    chargeFlushMs?: number;
    rateLimitSec?: number;
    rateLimitWait?: boolean;
    log?: ReturnType<typeof memoryLogger>;
    seed?: Map<string, number>;
    /** Everything through ioredis (no lean connection for the request path). */
    linkOnly?: boolean;
    allowanceLifeMs?: number;
    allowanceIdleMs?: number;
  } = {},
): Promise<Instance> {
  const log = o.log ?? silentLogger();
  const link = new RedisLink({ url, log, probeMs: 50 });
  const limits = new RedisLimits({
    link,
    url: o.linkOnly ? undefined : url,
    local: new LocalLimits({
      budgets: createBudgetTracker(prices),
      rateLimitSec: o.rateLimitSec,
      rateLimitWait: false,
    }),
    prices,
    usage: { costByKeySince: async () => o.seed ?? new Map() },
    log,
    prefix,
    rateLimitSec: o.rateLimitSec,
    rateLimitWait: o.rateLimitWait ?? false,
    leaseMs: o.leaseMs,
    releaseFlushMs: o.releaseFlushMs,
    chargeFlushMs: o.chargeFlushMs,
    allowanceLifeMs: o.allowanceLifeMs,
    allowanceIdleMs: o.allowanceIdleMs,
  });
  await limits.start();
  return { limits, link };
}

export function key(
  limits: LimitedKey['limits'],
  id = `key_${Math.random().toString(36).slice(2)}`,
): LimitedKey {
  return { id, name: 'team', limits };
}

/** Admits `n` requests at once, alternating between the instances; the outcomes, in order. */
export async function burst(
  instances: Instance[],
  n: number,
  k: LimitedKey,
): Promise<(GatewayError | (() => void))[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      (instances[i % instances.length] as Instance).limits
        .admit({ key: k, pace: false, cancel: new Cancellation() })
        .catch((err: GatewayError) => err),
    ),
  );
}

export const admitted = (out: unknown[]) => out.filter((o) => typeof o === 'function') as (() => void)[];
export const refused = (out: unknown[]) => out.filter((o) => o instanceof GatewayError) as GatewayError[];

export function record(keyId: string, over: Partial<OutcomeRecord>): OutcomeRecord {
  return {
    traceId: 't',
    startedAt: Date.now(),
    method: 'POST',
    path: '/v1/chat/completions',
    ingress: 'openai-chat',
    stream: false,
    status: 200,
    durationMs: 1,
    keyId,
    changes: [],
    ...over,
  } as OutcomeRecord;
}

export async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}
