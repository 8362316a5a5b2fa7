// Builds the gateway's limits: per instance by default, shared through Redis with --redis-url.
// The Redis side (and ioredis) is loaded only with --redis-url: a default start does not carry it.

import type { BudgetTracker } from '../usage/budgets.js';
import type { UsageRepository } from '../usage/log/types.js';
import type { PriceTable } from '../usage/price-table.js';
import type { Logger } from '../util/log.js';
import { LocalLimits } from './local.js';
import type { GatewayLimits } from './types.js';

export type { AccountStateChannel, AccountStateMessage, GatewayLimits, LimitedKey } from './types.js';

export interface GatewayLimitsOptions {
  settings: { redisUrl?: string; redisKeyPrefix: string; rateLimitSec?: number; rateLimitWait: boolean };
  /** Where the state lives: with a server database but no Redis, say that limits are per instance. */
  backend: 'sqlite' | 'postgres';
  budgets: BudgetTracker;
  prices: PriceTable;
  /** Where the credit counters are seeded from (the usage log). */
  usage: Pick<UsageRepository, 'costByKeySince'>;
  log: Logger;
  /** Tests: a shorter concurrency lease, a faster probe. */
  leaseMs?: number;
  probeMs?: number;
}

export async function createGatewayLimits(o: GatewayLimitsOptions): Promise<GatewayLimits> {
  const { settings, log } = o;
  const local = new LocalLimits({
    budgets: o.budgets,
    rateLimitSec: settings.rateLimitSec,
    rateLimitWait: settings.rateLimitWait,
  });
  if (!settings.redisUrl) {
    if (o.backend === 'postgres')
      log.warn(
        'no --redis-url: rate limits, concurrency, budgets and account cooldowns are enforced per instance (each instance of a cluster counts alone)',
      );
    return local;
  }
  const [{ RedisLimits }, { RedisLink }] = await Promise.all([
    import('./redis-limits.js'),
    import('./redis-link.js'),
  ]);
  return new RedisLimits({
    link: new RedisLink({ url: settings.redisUrl, log, probeMs: o.probeMs }),
    url: settings.redisUrl,
    local,
    prices: o.prices,
    usage: o.usage,
    log,
    prefix: settings.redisKeyPrefix,
    rateLimitSec: settings.rateLimitSec,
    rateLimitWait: settings.rateLimitWait,
    leaseMs: o.leaseMs,
  });
}
