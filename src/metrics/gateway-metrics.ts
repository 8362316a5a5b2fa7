// One Prometheus registry per gateway (never prom-client's global one), fed from outcome records.
// Label values are bounded: ingress/egress come from the code, status is an HTTP status, models
// are only names the catalogue or the price table knows (else "other"), accounts are the pool's
// configured ids. Request-path metrics are hot-metrics.ts (a few map lookups per record).
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { OutcomeRecord, OutcomeSubscriber } from '../gateway/pipeline/outcome.js';
import { costOf } from '../usage/cost.js';
import { NANO_PER_CREDIT, type PriceTable } from '../usage/price-table.js';
import { HotCounter, HotHistogram } from './hot-metrics.js';

export interface AccountStateView {
  account: string;
  /** e.g. "active", "cooling_down", "disabled", "quota_exhausted". */
  state: string;
}

export interface GatewayMetricsOptions {
  prices: PriceTable;
  /** Requests in flight right now (read at scrape time). */
  inflight: () => number;
  /** Each account's current state (read at scrape time); the account pool provides it. */
  accountStates?: () => Iterable<AccountStateView> | Promise<Iterable<AccountStateView>>;
  /** Process metrics (CPU, memory, event loop, GC); default on. */
  defaultMetrics?: boolean;
}

export interface GatewayMetrics {
  readonly registry: Registry;
  /** Subscribe this to the pipeline's outcome records. */
  readonly subscriber: OutcomeSubscriber;
  /** Model ids allowed as label values, besides the priced ones (call after each catalogue refresh). */
  setKnownModels(ids: Iterable<string>): void;
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** How often the event-loop lag is sampled (nodejs_eventloop_lag_*). */
const LAG_SAMPLE_MS = 100;
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const FIRST_BYTE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const TOKEN_KINDS = ['input', 'cached_input', 'cache_write', 'output', 'reasoning'] as const;

export function createGatewayMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  // The event-loop lag sampled every 100 ms, not prom-client's default 10 ms: the 10 ms timer woke
  // an idle gateway 100 times a second, 15-18 ms of CPU a second on a VM (docs/benchmarks.md). A
  // stall still shows in full; only the samples are fewer.
  if (options.defaultMetrics !== false)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: LAG_SAMPLE_MS });

  const requests = new HotCounter(
    'copilot_gateway_requests_total',
    'Requests answered, by ingress protocol, Copilot endpoint, model and HTTP status.',
    ['ingress', 'egress', 'model', 'status'],
    registry,
  );
  const duration = new HotHistogram(
    'copilot_gateway_request_duration_seconds',
    'Time from arrival to the end of the answer.',
    ['ingress', 'model'],
    DURATION_BUCKETS,
    registry,
  );
  const firstByte = new HotHistogram(
    'copilot_gateway_first_byte_seconds',
    'Time from arrival to the first byte written to the client.',
    ['ingress', 'model'],
    FIRST_BYTE_BUCKETS,
    registry,
  );
  const tokens = new HotCounter(
    'copilot_gateway_tokens_total',
    'Tokens by model and kind (input includes cached input and cache writes; output includes reasoning).',
    ['model', 'kind'],
    registry,
  );
  const credits = new HotCounter(
    'copilot_gateway_credits_total',
    'AI Credits (1 credit = $0.01): Copilot-reported cost, or the price-table estimate when absent.',
    ['model'],
    registry,
  );
  const upstreamErrors = new HotCounter(
    'copilot_gateway_upstream_errors_total',
    'Requests that reached Copilot and ended in an error, by account and error kind.',
    ['account', 'kind'],
    registry,
  );
  new Gauge({
    name: 'copilot_gateway_inflight_requests',
    help: 'Requests in flight.',
    registers,
    collect() {
      this.set(options.inflight());
    },
  });
  const accountStates = options.accountStates;
  new Gauge({
    name: 'copilot_gateway_account_state',
    help: '1 for the current state of each account.',
    labelNames: ['account', 'state'],
    registers,
    async collect() {
      this.reset();
      if (!accountStates) return;
      for (const a of await accountStates()) this.labels(a.account, a.state).set(1);
    },
  });

  const known = new Set<string>(options.prices.models());

  const modelLabel = (r: OutcomeRecord): string => {
    const m = r.resolvedModel ?? r.requestedModel;
    if (m === undefined) return 'none';
    return known.has(m) ? m : 'other';
  };

  const subscriber = (r: OutcomeRecord) => {
    const model = modelLabel(r);
    requests.inc([r.ingress, r.egress ?? 'none', model, String(r.status)]);
    duration.observe([r.ingress, model], r.durationMs / 1000);
    if (r.firstByteMs !== undefined) firstByte.observe([r.ingress, model], r.firstByteMs / 1000);
    const u = r.usage;
    if (u) {
      const counts = [
        u.inputTokens,
        u.cachedInputTokens,
        u.cacheWriteTokens,
        u.outputTokens,
        u.reasoningTokens,
      ];
      for (let i = 0; i < TOKEN_KINDS.length; i++) {
        const n = counts[i];
        if (n !== undefined && n > 0) tokens.inc([model, TOKEN_KINDS[i]], n);
      }
      const cost = costOf(r, options.prices);
      if (cost.nanoAiu !== undefined && cost.nanoAiu > 0)
        credits.inc([model], cost.nanoAiu / NANO_PER_CREDIT);
    } else if (r.costNanoAiu !== undefined && r.costNanoAiu > 0) {
      credits.inc([model], r.costNanoAiu / NANO_PER_CREDIT);
    }
    if (r.egress !== undefined && r.errorKind !== undefined && r.errorKind !== 'client_abort') {
      upstreamErrors.inc([r.accountId ?? 'default', r.errorKind]);
    }
  };

  return {
    registry,
    subscriber,
    setKnownModels(ids) {
      known.clear();
      for (const id of options.prices.models()) known.add(id);
      for (const id of ids) known.add(id);
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
