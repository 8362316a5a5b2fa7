// The usage log: one row per request (from its OutcomeRecord), and the per-day rollups the
// aggregates read. Backend-neutral: the SQLite repository implements it today.
import type { CostSource } from '../cost.js';

export interface UsageRow {
  /** Set by the database (absent before insert). */
  id?: number;
  tsMs: number;
  traceId: string;
  keyId?: string;
  accountId?: string;
  ingress: string;
  egress?: string;
  path: string;
  requestedModel?: string;
  resolvedModel?: string;
  status: number;
  errorKind?: string;
  stream: boolean;
  passthrough?: boolean;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Copilot's reported cost, or the price-table estimate; undefined: no price. */
  costNanoAiu?: number;
  costSource: CostSource;
  multiplier?: number;
  initiator?: 'user' | 'agent';
  firstByteMs?: number;
  durationMs: number;
  /** What the gateway changed (fallback model, dropped fields, trimmed context), as kind:detail. */
  changes: { kind: string; detail: string }[];
}

export interface UsageFilter {
  sinceMs?: number;
  untilMs?: number;
  keyId?: string;
  /** Matches the resolved model, or the requested one when nothing was resolved. */
  model?: string;
  accountId?: string;
  /** An HTTP status, or `ok` (below 400, no error) / `error` (400 and above, or an error kind). */
  status?: number | 'ok' | 'error';
  /** Leave out rows of these ingresses (e.g. `other`: admin API, health checks, /metrics). */
  excludeIngress?: string[];
}

/** `hour` is read from the log rows themselves (exact from/until); the others from daily rollups. */
export type SummaryDimension = 'hour' | 'day' | 'model' | 'key' | 'account';

export interface UsageAggregate {
  /** The hour (YYYY-MM-DDTHH:00, UTC), day (YYYY-MM-DD, UTC), model, key id or account id; "" when
   * the rows had none. */
  group: string;
  requests: number;
  errors: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Reported plus estimated cost. */
  nanoAiu: number;
  /** The estimated part of nanoAiu. */
  estimatedNanoAiu: number;
  /** Requests with usage but no price (their cost is not in nanoAiu). */
  unpricedRequests: number;
}

export interface RetentionPolicy {
  /** Rows older than this are deleted. */
  maxAgeDays: number;
  /** Beyond this many rows, the oldest are deleted. */
  maxRows: number;
  /** Daily rollups (what summaries and budgets read) are kept longer. */
  rollupMaxAgeDays: number;
}

export interface UsageRepository {
  /** Writes rows and their rollups in one transaction; rejects when the database refuses. */
  insert(rows: readonly UsageRow[]): Promise<void>;
  /** Newest first (by start time); `before` (the last row of a page) pages backwards. */
  list(filter: UsageFilter & { limit?: number; before?: { tsMs: number; id: number } }): Promise<UsageRow[]>;
  /** Aggregates from the daily rollups (day granularity for `sinceMs`/`untilMs`); `hour` from the
   * rows (exact bounds, bounded by the log's retention). */
  summary(by: SummaryDimension, filter?: Omit<UsageFilter, 'model' | 'keyId'>): Promise<UsageAggregate[]>;
  /** Cost per key since a UTC day start (budgets warm their running totals from it). */
  costByKeySince(sinceMs: number): Promise<Map<string, number>>;
  prune(policy: RetentionPolicy, nowMs?: number): Promise<{ rows: number; rollups: number }>;
  count(): Promise<number>;
}
