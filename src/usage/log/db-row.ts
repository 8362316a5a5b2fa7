// A usage-log row as either database returns it (snake_case columns; SQLite gives 0/1 where
// PostgreSQL gives booleans), and the one mapping to the repository's UsageRow.
import type { UsageRow } from './types.js';

export interface UsageDbRow {
  id: number;
  ts_ms: number;
  trace_id: string;
  key_id: string | null;
  account_id: string | null;
  ingress: string;
  egress: string | null;
  path: string;
  requested_model: string | null;
  resolved_model: string | null;
  status: number;
  error_kind: string | null;
  stream: number | boolean;
  passthrough: number | boolean | null;
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_nano: number | null;
  cost_source: UsageRow['costSource'];
  multiplier: number | null;
  initiator: 'user' | 'agent' | null;
  first_byte_ms: number | null;
  duration_ms: number;
  changes: string | null;
}

/** The usage_log columns an insert writes, in the order usageRowValues gives them. */
export const USAGE_INSERT_COLUMNS = [
  'ts_ms',
  'trace_id',
  'key_id',
  'account_id',
  'ingress',
  'egress',
  'path',
  'requested_model',
  'resolved_model',
  'status',
  'error_kind',
  'stream',
  'passthrough',
  'input_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'output_tokens',
  'reasoning_tokens',
  'cost_nano',
  'cost_source',
  'multiplier',
  'initiator',
  'first_byte_ms',
  'duration_ms',
  'changes',
] as const;

/**
 * A row's values for an insert, in USAGE_INSERT_COLUMNS order; `bool` says how the database
 * stores a boolean (SQLite 0/1, PostgreSQL as is).
 */
export function usageRowValues(r: UsageRow, bool: (v: boolean) => unknown): unknown[] {
  return [
    r.tsMs,
    r.traceId,
    r.keyId ?? null,
    r.accountId ?? null,
    r.ingress,
    r.egress ?? null,
    r.path,
    r.requestedModel ?? null,
    r.resolvedModel ?? null,
    r.status,
    r.errorKind ?? null,
    bool(r.stream),
    r.passthrough === undefined ? null : bool(r.passthrough),
    r.inputTokens,
    r.cachedInputTokens,
    r.cacheWriteTokens,
    r.outputTokens,
    r.reasoningTokens,
    r.costNanoAiu ?? null,
    r.costSource,
    r.multiplier ?? null,
    r.initiator ?? null,
    r.firstByteMs ?? null,
    r.durationMs,
    r.changes.length > 0 ? JSON.stringify(r.changes) : null,
  ];
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function usageRowFromDb(r: UsageDbRow): UsageRow {
  return {
    id: r.id,
    tsMs: r.ts_ms,
    traceId: r.trace_id,
    keyId: opt(r.key_id),
    accountId: opt(r.account_id),
    ingress: r.ingress,
    egress: opt(r.egress),
    path: r.path,
    requestedModel: opt(r.requested_model),
    resolvedModel: opt(r.resolved_model),
    status: r.status,
    errorKind: opt(r.error_kind),
    stream: r.stream === true || r.stream === 1,
    passthrough: r.passthrough === null ? undefined : r.passthrough === true || r.passthrough === 1,
    inputTokens: r.input_tokens,
    cachedInputTokens: r.cached_input_tokens,
    cacheWriteTokens: r.cache_write_tokens,
    outputTokens: r.output_tokens,
    reasoningTokens: r.reasoning_tokens,
    costNanoAiu: opt(r.cost_nano),
    costSource: r.cost_source,
    multiplier: opt(r.multiplier),
    initiator: opt(r.initiator),
    firstByteMs: opt(r.first_byte_ms),
    durationMs: r.duration_ms,
    changes: r.changes ? (JSON.parse(r.changes) as UsageRow['changes']) : [],
  };
}
