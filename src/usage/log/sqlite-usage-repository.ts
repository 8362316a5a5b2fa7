// The usage log in SQLite. Writes take the write lock only briefly (busy timeout lowered for the
// insert) because better-sqlite3 is synchronous: a long wait would stall every request in the
// process. The caller (UsageWriter) keeps the rows and retries on the next flush.
import type { SqliteDb } from '../../store/sqlite/open.js';
import {
  type UsageDbRow as DbRow,
  usageRowFromDb as fromDb,
  USAGE_INSERT_COLUMNS,
  usageRowValues,
} from './db-row.js';
import { addToRollup, DAY_MS, type RollupGroup } from './rollup.js';
import type { SummaryDimension, UsageAggregate, UsageFilter, UsageRepository, UsageRow } from './types.js';

const GROUP_COLUMN: Record<Exclude<SummaryDimension, 'hour'>, string> = {
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
  const insertRow = db.prepare(
    `INSERT INTO usage_log (${USAGE_INSERT_COLUMNS.join(', ')}) VALUES (${USAGE_INSERT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const upsertDay = db.prepare(`INSERT INTO usage_daily (
      day, model, key_id, account_id, ingress, requests, errors, input_tokens, cached_input_tokens,
      cache_write_tokens, output_tokens, reasoning_tokens, cost_nano, estimated_nano, unpriced
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (day, model, key_id, account_id, ingress) DO UPDATE SET
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
  const insertAll = db.transaction((rows: readonly UsageRow[]) => {
    // One upsert per day × model × key × account in the batch, not one per row.
    const rollup = new Map<string, RollupGroup>();
    for (const r of rows) {
      insertRow.run(...usageRowValues(r, (b) => (b ? 1 : 0)));
      addToRollup(rollup, r);
    }
    for (const g of rollup.values()) {
      upsertDay.run(
        g.day,
        g.model,
        g.keyId,
        g.accountId,
        g.ingress,
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
    if (filter.accountId !== undefined) add('account_id = ?', filter.accountId);
    if (filter.status === 'ok') add('(status < 400 AND error_kind IS NULL)');
    else if (filter.status === 'error') add('(status >= 400 OR error_kind IS NOT NULL)');
    else if (filter.status !== undefined) add('status = ?', filter.status);
    const skip = filter.excludeIngress ?? [];
    if (skip.length > 0) add(`ingress NOT IN (${skip.map(() => '?').join(', ')})`, ...skip);
    const b = filter.before;
    if (b !== undefined) add('(ts_ms < ? OR (ts_ms = ? AND id < ?))', b.tsMs, b.tsMs, b.id);
    return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  // Hours come from the rows: an hour is too fine for the daily rollups.
  function hourly(filter: Omit<UsageFilter, 'model' | 'keyId'>): UsageAggregate[] {
    const w = where({
      sinceMs: filter.sinceMs,
      untilMs: filter.untilMs,
      excludeIngress: filter.excludeIngress,
    });
    return db
      .prepare(
        `SELECT strftime('%Y-%m-%dT%H:00', ts_ms / 1000, 'unixepoch') AS "group", COUNT(*) AS requests,
           SUM(CASE WHEN status >= 400 OR error_kind IS NOT NULL THEN 1 ELSE 0 END) AS errors,
           SUM(input_tokens) AS inputTokens, SUM(cached_input_tokens) AS cachedInputTokens,
           SUM(cache_write_tokens) AS cacheWriteTokens, SUM(output_tokens) AS outputTokens,
           SUM(reasoning_tokens) AS reasoningTokens, SUM(COALESCE(cost_nano, 0)) AS nanoAiu,
           SUM(CASE WHEN cost_source = 'estimate' THEN COALESCE(cost_nano, 0) ELSE 0 END) AS estimatedNanoAiu,
           SUM(CASE WHEN cost_source = 'none' AND input_tokens + output_tokens > 0 THEN 1 ELSE 0 END)
             AS unpricedRequests
         FROM usage_log ${w.sql} GROUP BY "group" ORDER BY "group"`,
      )
      .all(...w.params) as UsageAggregate[];
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
      if (by === 'hour') return hourly(filter);
      const clauses: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, ...values: unknown[]) => {
        clauses.push(clause);
        params.push(...values);
      };
      if (filter.sinceMs !== undefined) add('day >= ?', Math.floor(filter.sinceMs / DAY_MS));
      if (filter.untilMs !== undefined) add('day < ?', Math.ceil(filter.untilMs / DAY_MS));
      const skip = filter.excludeIngress ?? [];
      if (skip.length > 0) add(`ingress NOT IN (${skip.map(() => '?').join(', ')})`, ...skip);
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
