// The usage log's tables. usage_log: one row per request, indexed by time only: the `usage log`
// filters (key, model) scan a time range, and each extra index would cost ~2 µs per written row
// (bench/usage.mjs), on the request path's process. usage_daily: rollups per UTC day × model × key × account × ingress, upserted in the
// same transaction as the rows, so summaries and budgets stay fast on millions of rows.
import type { SqliteMigration } from '../../store/sqlite/migrate.js';

export const USAGE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    id: 'usage-001-create',
    up: (db) => {
      db.exec(`
        CREATE TABLE usage_log (
          id INTEGER PRIMARY KEY,
          ts_ms INTEGER NOT NULL,
          trace_id TEXT NOT NULL,
          key_id TEXT,
          account_id TEXT,
          ingress TEXT NOT NULL,
          egress TEXT,
          path TEXT NOT NULL,
          requested_model TEXT,
          resolved_model TEXT,
          status INTEGER NOT NULL,
          error_kind TEXT,
          stream INTEGER NOT NULL,
          passthrough INTEGER,
          input_tokens INTEGER NOT NULL,
          cached_input_tokens INTEGER NOT NULL,
          cache_write_tokens INTEGER NOT NULL,
          output_tokens INTEGER NOT NULL,
          reasoning_tokens INTEGER NOT NULL,
          cost_nano INTEGER,
          cost_source TEXT NOT NULL,
          multiplier REAL,
          initiator TEXT,
          first_byte_ms INTEGER,
          duration_ms INTEGER NOT NULL,
          changes TEXT
        );
        CREATE INDEX usage_log_ts ON usage_log (ts_ms, id);
        CREATE TABLE usage_daily (
          day INTEGER NOT NULL,
          model TEXT NOT NULL,
          key_id TEXT NOT NULL,
          account_id TEXT NOT NULL,
          requests INTEGER NOT NULL,
          errors INTEGER NOT NULL,
          input_tokens INTEGER NOT NULL,
          cached_input_tokens INTEGER NOT NULL,
          cache_write_tokens INTEGER NOT NULL,
          output_tokens INTEGER NOT NULL,
          reasoning_tokens INTEGER NOT NULL,
          cost_nano INTEGER NOT NULL,
          estimated_nano INTEGER NOT NULL,
          unpriced INTEGER NOT NULL,
          PRIMARY KEY (day, model, key_id, account_id)
        ) WITHOUT ROWID;
        CREATE INDEX usage_daily_key_day ON usage_daily (key_id, day);
      `);
    },
  },
  {
    // The ingress joins the rollup's key, so summaries by day, model, key and account can leave
    // out the admin API and health checks (ingress "other") as the log and the hourly view do.
    // Groups written before keep ingress '' (not recorded): they stay in every summary.
    id: 'usage-002-daily-ingress',
    up: (db) => {
      db.exec(`
        CREATE TABLE usage_daily_v2 (
          day INTEGER NOT NULL,
          model TEXT NOT NULL,
          key_id TEXT NOT NULL,
          account_id TEXT NOT NULL,
          ingress TEXT NOT NULL,
          requests INTEGER NOT NULL,
          errors INTEGER NOT NULL,
          input_tokens INTEGER NOT NULL,
          cached_input_tokens INTEGER NOT NULL,
          cache_write_tokens INTEGER NOT NULL,
          output_tokens INTEGER NOT NULL,
          reasoning_tokens INTEGER NOT NULL,
          cost_nano INTEGER NOT NULL,
          estimated_nano INTEGER NOT NULL,
          unpriced INTEGER NOT NULL,
          PRIMARY KEY (day, model, key_id, account_id, ingress)
        ) WITHOUT ROWID;
        INSERT INTO usage_daily_v2
          SELECT day, model, key_id, account_id, '', requests, errors, input_tokens, cached_input_tokens,
            cache_write_tokens, output_tokens, reasoning_tokens, cost_nano, estimated_nano, unpriced
          FROM usage_daily;
        DROP TABLE usage_daily;
        ALTER TABLE usage_daily_v2 RENAME TO usage_daily;
        CREATE INDEX usage_daily_key_day ON usage_daily (key_id, day);
      `);
    },
  },
];
