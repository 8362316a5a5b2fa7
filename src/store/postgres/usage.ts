// The usage log in PostgreSQL: the SQLite repository's tables and queries. A batch is written as
// multi-row INSERTs plus one upsert per rollup group, in one transaction; every instance writes
// to the same log, so `usage log` and the budgets see the whole cluster. The caller (UsageWriter)
// keeps refused batches for the next flush (bounded, dropped rows counted).
import type pg from 'pg';
import {
  type UsageDbRow as DbRow,
  usageRowFromDb as fromDb,
  USAGE_INSERT_COLUMNS,
  usageRowValues,
} from '../../usage/log/db-row.js';
import { addToRollup, DAY_MS, type RollupGroup } from '../../usage/log/rollup.js';
import type {
  SummaryDimension,
  UsageAggregate,
  UsageFilter,
  UsageRepository,
  UsageRow,
} from '../../usage/log/types.js';
import { inTransaction, q } from './db.js';

const COLUMNS = USAGE_INSERT_COLUMNS;
const values = (r: UsageRow) => usageRowValues(r, (b) => b);

/** Each inserted column's type, for reading it out of the batch's JSON. */
const COLUMN_TYPES: Record<(typeof COLUMNS)[number], string> = {
  ts_ms: 'bigint',
  trace_id: 'text',
  key_id: 'text',
  account_id: 'text',
  ingress: 'text',
  egress: 'text',
  path: 'text',
  requested_model: 'text',
  resolved_model: 'text',
  status: 'integer',
  error_kind: 'text',
  stream: 'boolean',
  passthrough: 'boolean',
  input_tokens: 'bigint',
  cached_input_tokens: 'bigint',
  cache_write_tokens: 'bigint',
  output_tokens: 'bigint',
  reasoning_tokens: 'bigint',
  cost_nano: 'bigint',
  cost_source: 'text',
  multiplier: 'double precision',
  initiator: 'text',
  first_byte_ms: 'bigint',
  duration_ms: 'bigint',
  changes: 'text',
};

/**
 * A batch is ONE parameter: its rows as a JSON array of value arrays (in COLUMNS order), spread
 * into columns by the server. Against a multi-row VALUES list (25 parameters a row and a statement
 * text that grows with the batch) the gateway serialises it with one native JSON.stringify and
 * sends a constant statement and fewer bytes (on loopback the sender pays for the receiver's side
 * of TCP too): bench/usage-insert-pg.mjs.
 */
const INSERT_SQL = `INSERT INTO usage_log (${COLUMNS.join(', ')})
  SELECT ${COLUMNS.map((c, i) => `(r->>${i})::${COLUMN_TYPES[c]}`).join(', ')}
  FROM json_array_elements($1::json) AS r`;

/** The row's strings, some from the client (its model name, its trace id). */
const TEXT_FIELDS = [
  'traceId',
  'keyId',
  'accountId',
  'ingress',
  'egress',
  'path',
  'requestedModel',
  'resolvedModel',
  'errorKind',
  'initiator',
] as const satisfies readonly (keyof UsageRow)[];

/**
 * A string PostgreSQL's text accepts: no NUL (text cannot hold one) and no lone surrogate (JSON
 * would carry it as an escape PostgreSQL refuses); U+FFFD in their place. Either, from a client's
 * model name, would otherwise fail the whole batch, and every batch after it (a refused batch is
 * kept and retried).
 */
function storable(s: string): string {
  const w = (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    ? s
    : (s as unknown as { toWellFormed(): string }).toWellFormed();
  return w.includes('\0') ? w.replaceAll('\0', '\uFFFD') : w;
}

/** The row itself, or a copy with storable strings (before the rollup, so both agree). */
function storableRow(r: UsageRow): UsageRow {
  let out: Record<string, unknown> | undefined;
  for (const k of TEXT_FIELDS) {
    const v = r[k];
    if (v === undefined) continue;
    const s = storable(v);
    if (s === v) continue;
    out ??= { ...r };
    out[k] = s;
  }
  return (out as UsageRow | undefined) ?? r;
}

const UPSERT_DAY = `INSERT INTO usage_daily (
    day, model, key_id, account_id, ingress, requests, errors, input_tokens, cached_input_tokens,
    cache_write_tokens, output_tokens, reasoning_tokens, cost_nano, estimated_nano, unpriced
  ) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
    $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[],
    $14::bigint[], $15::bigint[])
  ON CONFLICT (day, model, key_id, account_id, ingress) DO UPDATE SET
    requests = usage_daily.requests + excluded.requests,
    errors = usage_daily.errors + excluded.errors,
    input_tokens = usage_daily.input_tokens + excluded.input_tokens,
    cached_input_tokens = usage_daily.cached_input_tokens + excluded.cached_input_tokens,
    cache_write_tokens = usage_daily.cache_write_tokens + excluded.cache_write_tokens,
    output_tokens = usage_daily.output_tokens + excluded.output_tokens,
    reasoning_tokens = usage_daily.reasoning_tokens + excluded.reasoning_tokens,
    cost_nano = usage_daily.cost_nano + excluded.cost_nano,
    estimated_nano = usage_daily.estimated_nano + excluded.estimated_nano,
    unpriced = usage_daily.unpriced + excluded.unpriced`;

const GROUP_COLUMN: Record<Exclude<SummaryDimension, 'hour'>, string> = {
  day: "to_char(to_timestamp(day::bigint * 86400) AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
  model: 'model',
  key: 'key_id',
  account: 'account_id',
};

export function createPgUsageRepository(pool: pg.Pool): UsageRepository {
  function where(filter: UsageFilter & { before?: { tsMs: number; id: number } }) {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.sinceMs !== undefined) clauses.push(`ts_ms >= ${p(filter.sinceMs)}`);
    if (filter.untilMs !== undefined) clauses.push(`ts_ms < ${p(filter.untilMs)}`);
    if (filter.keyId !== undefined) clauses.push(`key_id = ${p(filter.keyId)}`);
    if (filter.model !== undefined) {
      const m = p(filter.model);
      clauses.push(`(resolved_model = ${m} OR (resolved_model IS NULL AND requested_model = ${m}))`);
    }
    if (filter.accountId !== undefined) clauses.push(`account_id = ${p(filter.accountId)}`);
    if (filter.status === 'ok') clauses.push('(status < 400 AND error_kind IS NULL)');
    else if (filter.status === 'error') clauses.push('(status >= 400 OR error_kind IS NOT NULL)');
    else if (filter.status !== undefined) clauses.push(`status = ${p(filter.status)}`);
    const skip = filter.excludeIngress ?? [];
    if (skip.length > 0) clauses.push(`ingress NOT IN (${skip.map((i) => p(i)).join(', ')})`);
    const b = filter.before;
    if (b !== undefined) {
      const ts = p(b.tsMs);
      clauses.push(`(ts_ms < ${ts} OR (ts_ms = ${ts} AND id < ${p(b.id)}))`);
    }
    return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params, p };
  }

  return {
    async insert(given) {
      if (given.length === 0) return;
      const rows = given.map(storableRow);
      const rollup = new Map<string, RollupGroup>();
      for (const r of rows) addToRollup(rollup, r);
      const groups = [...rollup.values()];
      const col = <K extends keyof RollupGroup>(k: K) => groups.map((g) => g[k]);
      await inTransaction(pool, async (c) => {
        await q(c, INSERT_SQL, [JSON.stringify(rows.map(values))]);
        await q(c, UPSERT_DAY, [
          col('day'),
          col('model'),
          col('keyId'),
          col('accountId'),
          col('ingress'),
          col('requests'),
          col('errors'),
          col('input'),
          col('cached'),
          col('written'),
          col('output'),
          col('reasoning'),
          col('cost'),
          col('estimated'),
          col('unpriced'),
        ]);
      });
    },

    async list(filter) {
      const w = where(filter);
      const limit = w.p(Math.max(1, Math.min(filter.limit ?? 100, 10_000)));
      const rows = (
        await q<DbRow>(
          pool,
          `SELECT * FROM usage_log ${w.sql} ORDER BY ts_ms DESC, id DESC LIMIT ${limit}`,
          w.params,
        )
      ).rows;
      return rows.map(fromDb);
    },

    async summary(by, filter = {}) {
      if (by === 'hour') {
        // Hours come from the rows: an hour is too fine for the daily rollups.
        const h = where({
          sinceMs: filter.sinceMs,
          untilMs: filter.untilMs,
          excludeIngress: filter.excludeIngress,
        });
        return (
          await q<UsageAggregate>(
            pool,
            `SELECT to_char(to_timestamp(ts_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00') AS "group",
               COUNT(*) AS requests,
               SUM(CASE WHEN status >= 400 OR error_kind IS NOT NULL THEN 1 ELSE 0 END) AS errors,
               SUM(input_tokens) AS "inputTokens", SUM(cached_input_tokens) AS "cachedInputTokens",
               SUM(cache_write_tokens) AS "cacheWriteTokens", SUM(output_tokens) AS "outputTokens",
               SUM(reasoning_tokens) AS "reasoningTokens", SUM(COALESCE(cost_nano, 0)) AS "nanoAiu",
               SUM(CASE WHEN cost_source = 'estimate' THEN COALESCE(cost_nano, 0) ELSE 0 END) AS "estimatedNanoAiu",
               SUM(CASE WHEN cost_source = 'none' AND input_tokens + output_tokens > 0 THEN 1 ELSE 0 END)
                 AS "unpricedRequests"
             FROM usage_log ${h.sql} GROUP BY 1 ORDER BY 1`,
            h.params,
          )
        ).rows;
      }
      const clauses: string[] = [];
      const params: unknown[] = [];
      if (filter.sinceMs !== undefined) {
        params.push(Math.floor(filter.sinceMs / DAY_MS));
        clauses.push(`day >= $${params.length}`);
      }
      if (filter.untilMs !== undefined) {
        params.push(Math.ceil(filter.untilMs / DAY_MS));
        clauses.push(`day < $${params.length}`);
      }
      const skip = filter.excludeIngress ?? [];
      if (skip.length > 0) {
        params.push(skip);
        clauses.push(`ingress <> ALL($${params.length}::text[])`);
      }
      const w = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
      const g = GROUP_COLUMN[by];
      return (
        await q<UsageAggregate>(
          pool,
          `SELECT ${g} AS "group", SUM(requests) AS requests, SUM(errors) AS errors,
             SUM(input_tokens) AS "inputTokens", SUM(cached_input_tokens) AS "cachedInputTokens",
             SUM(cache_write_tokens) AS "cacheWriteTokens", SUM(output_tokens) AS "outputTokens",
             SUM(reasoning_tokens) AS "reasoningTokens", SUM(cost_nano) AS "nanoAiu",
             SUM(estimated_nano) AS "estimatedNanoAiu", SUM(unpriced) AS "unpricedRequests"
           FROM usage_daily ${w} GROUP BY 1 ORDER BY ${by === 'day' ? '1' : '"nanoAiu" DESC, requests DESC'}`,
          params,
        )
      ).rows;
    },

    async costByKeySince(sinceMs) {
      const rows = (
        await q<{ keyId: string; nano: number }>(
          pool,
          `SELECT key_id AS "keyId", SUM(cost_nano) AS nano FROM usage_daily
           WHERE day >= $1 AND key_id != '' GROUP BY key_id`,
          [Math.floor(sinceMs / DAY_MS)],
        )
      ).rows;
      return new Map(rows.map((r) => [r.keyId, r.nano]));
    },

    async prune(policy, nowMs = Date.now()) {
      const cutoff = nowMs - policy.maxAgeDays * DAY_MS;
      let rows = (await q(pool, 'DELETE FROM usage_log WHERE ts_ms < $1', [cutoff])).rowCount ?? 0;
      const keep = Math.max(0, Math.floor(policy.maxRows));
      rows +=
        (
          await q(
            pool,
            'DELETE FROM usage_log WHERE id <= (SELECT id FROM usage_log ORDER BY id DESC LIMIT 1 OFFSET $1)',
            [keep],
          )
        ).rowCount ?? 0;
      const dayCutoff = Math.floor((nowMs - policy.rollupMaxAgeDays * DAY_MS) / DAY_MS);
      const rollups = (await q(pool, 'DELETE FROM usage_daily WHERE day < $1', [dayCutoff])).rowCount ?? 0;
      return { rows, rollups };
    },

    async count() {
      return (await q<{ n: number }>(pool, 'SELECT COUNT(*) AS n FROM usage_log')).rows[0]?.n ?? 0;
    },
  };
}
