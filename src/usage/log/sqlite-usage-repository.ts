// The usage log in SQLite. Writes take the write lock only briefly (busy timeout lowered for the
// insert) because better-sqlite3 is synchronous: a long wait would stall every request in the
// process. The caller (UsageWriter) keeps the rows and retries on the next flush.
import type { SqliteDb } from '../../store/sqlite/open.js';
import { addToRollup, DAY_MS, type RollupGroup } from './rollup.js';
import type { SummaryDimension, UsageAggregate, UsageFilter, UsageRepository, UsageRow } from './types.js';

interface DbRow {
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
  stream: number;
  passthrough: number | null;
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

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function fromDb(r: DbRow): UsageRow {
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
    stream: r.stream === 1,
    passthrough: r.passthrough === null ? undefined : r.passthrough === 1,
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

const GROUP_COLUMN: Record<SummaryDimension, string> = {
  day: "strftime('%Y-%m-%d', day * 86400, 'unixepoch')",
  model: 'model',
  key: 'key_id',
  account: 'account_id',
};

export interface SqliteUsageOptions {
  /** How long an insert waits for another process's write lock (ms). */
  insertBusyTimeoutMs?: number;
}

export function createSqliteUsageRepository(db: SqliteDb, options: SqliteUsageOptions = {}): UsageRepository {
  const insertBusyMs = Math.max(0, Math.floor(options.insertBusyTimeoutMs ?? 50));
  const insertRow = db.prepare(`INSERT INTO usage_log (
      ts_ms, trace_id, key_id, account_id, ingress, egress, path, requested_model, resolved_model,
      status, error_kind, stream, passthrough, input_tokens, cached_input_tokens, cache_write_tokens,
      output_tokens, reasoning_tokens, cost_nano, cost_source, multiplier, initiator, first_byte_ms,
      duration_ms, changes
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const upsertDay = db.prepare(`INSERT INTO usage_daily (
      day, model, key_id, account_id, requests, errors, input_tokens, cached_input_tokens,
      cache_write_tokens, output_tokens, reasoning_tokens, cost_nano, estimated_nano, unpriced
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (day, model, key_id, account_id) DO UPDATE SET
      requests = requests + excluded.requests,
      errors = errors + excluded.errors,
      input_tokens = input_tokens + excluded.input_tokens,
      cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
      cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
      output_tokens = output_tokens + excluded.output_tokens,
      reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
      cost_nano = cost_nano + excluded.cost_nano,
      estimated_nano = estimated_nano + excluded.estimated_nano,
      unpriced = unpriced + excluded.unpriced`);
  const bool = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);
  const insertAll = db.transaction((rows: readonly UsageRow[]) => {
    // One upsert per day × model × key × account in the batch, not one per row.
    const rollup = new Map<string, RollupGroup>();
    for (const r of rows) {
      insertRow.run(
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
        r.stream ? 1 : 0,
        bool(r.passthrough),
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
      );
      addToRollup(rollup, r);
    }
    for (const g of rollup.values()) {
      upsertDay.run(
        g.day,
        g.model,
        g.keyId,
        g.accountId,
        g.requests,
        g.errors,
        g.input,
        g.cached,
        g.written,
        g.output,
        g.reasoning,
        g.cost,
        g.estimated,
        g.unpriced,
      );
    }
  });

  function where(filter: UsageFilter & { before?: { tsMs: number; id: number } }): {
    sql: string;
    params: unknown[];
  } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      clauses.push(clause);
      params.push(...values);
    };
    if (filter.sinceMs !== undefined) add('ts_ms >= ?', filter.sinceMs);
    if (filter.untilMs !== undefined) add('ts_ms < ?', filter.untilMs);
    if (filter.keyId !== undefined) add('key_id = ?', filter.keyId);
    if (filter.model !== undefined) {
      add(
        '(resolved_model = ? OR (resolved_model IS NULL AND requested_model = ?))',
        filter.model,
        filter.model,
      );
    }
    const b = filter.before;
    if (b !== undefined) add('(ts_ms < ? OR (ts_ms = ? AND id < ?))', b.tsMs, b.tsMs, b.id);
    return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  return {
    async insert(rows) {
      if (rows.length === 0) return;
      const previous = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma(`busy_timeout = ${insertBusyMs}`);
      try {
        insertAll.immediate(rows);
      } finally {
        db.pragma(`busy_timeout = ${previous}`);
      }
    },

    async list(filter) {
      const w = where(filter);
      const limit = Math.max(1, Math.min(filter.limit ?? 100, 10_000));
      const rows = db
        .prepare(`SELECT * FROM usage_log ${w.sql} ORDER BY ts_ms DESC, id DESC LIMIT ?`)
        .all(...w.params, limit) as DbRow[];
      return rows.map(fromDb);
    },

    async summary(by, filter = {}) {
      const clauses: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, value: number) => {
        clauses.push(clause);
        params.push(value);
      };
      if (filter.sinceMs !== undefined) add('day >= ?', Math.floor(filter.sinceMs / DAY_MS));
      if (filter.untilMs !== undefined) add('day < ?', Math.ceil(filter.untilMs / DAY_MS));
      const w = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
      const g = GROUP_COLUMN[by];
      return db
        .prepare(
          `SELECT ${g} AS "group", SUM(requests) AS requests, SUM(errors) AS errors,
             SUM(input_tokens) AS inputTokens, SUM(cached_input_tokens) AS cachedInputTokens,
             SUM(cache_write_tokens) AS cacheWriteTokens, SUM(output_tokens) AS outputTokens,
             SUM(reasoning_tokens) AS reasoningTokens, SUM(cost_nano) AS nanoAiu,
             SUM(estimated_nano) AS estimatedNanoAiu, SUM(unpriced) AS unpricedRequests
           FROM usage_daily ${w} GROUP BY ${g} ORDER BY ${by === 'day' ? '"group"' : 'nanoAiu DESC, requests DESC'}`,
        )
        .all(...params) as UsageAggregate[];
    },

    async costByKeySince(sinceMs) {
      const rows = db
        .prepare(
          `SELECT key_id AS keyId, SUM(cost_nano) AS nano FROM usage_daily
           WHERE day >= ? AND key_id != '' GROUP BY key_id`,
        )
        .all(Math.floor(sinceMs / DAY_MS)) as { keyId: string; nano: number }[];
      return new Map(rows.map((r) => [r.keyId, r.nano]));
    },

    async prune(policy, nowMs = Date.now()) {
      const cutoff = nowMs - policy.maxAgeDays * DAY_MS;
      let rows = db.prepare('DELETE FROM usage_log WHERE ts_ms < ?').run(cutoff).changes;
      const keep = Math.max(0, Math.floor(policy.maxRows));
      const edge = db.prepare('SELECT id FROM usage_log ORDER BY id DESC LIMIT 1 OFFSET ?').get(keep) as
        | { id: number }
        | undefined;
      if (edge) rows += db.prepare('DELETE FROM usage_log WHERE id <= ?').run(edge.id).changes;
      const dayCutoff = Math.floor((nowMs - policy.rollupMaxAgeDays * DAY_MS) / DAY_MS);
      const rollups = db.prepare('DELETE FROM usage_daily WHERE day < ?').run(dayCutoff).changes;
      return { rows, rollups };
    },

    async count() {
      return (db.prepare('SELECT COUNT(*) AS n FROM usage_log').get() as { n: number }).n;
    },
  };
}
