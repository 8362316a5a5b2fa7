// The PostgreSQL schema, as migrations with the SQLite ids (src/store/sqlite/*, usage/log,
// context/summaries) and the same tables, columns and indexes where the dialects allow:
// INTEGER epoch ms → BIGINT, 0/1 flags → BOOLEAN, BLOB → BYTEA, JSON text stays TEXT, SQLite's
// implicit rowid (insertion order, the responses store's tie-break) → an explicit `seq`.
// Additions: keys-001-create also creates `key_secret` (the HMAC secret every instance must share;
// SQLite keeps it in keys.secret beside the database file).
import type { PgMigration } from './migrate.js';

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    id: 'responses-001-create',
    sql: `CREATE TABLE responses (
      id TEXT PRIMARY KEY,
      seq BIGSERIAL NOT NULL,
      created_ms BIGINT NOT NULL,
      expires_ms BIGINT NOT NULL,
      model TEXT NOT NULL,
      input TEXT NOT NULL,
      output TEXT NOT NULL
    );
    CREATE INDEX responses_created ON responses (created_ms);`,
  },
  {
    id: 'responses-002-bytes-account',
    sql: `ALTER TABLE responses ADD COLUMN bytes BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE responses ADD COLUMN account_id TEXT;
      UPDATE responses SET bytes = octet_length(input) + octet_length(output);`,
  },
  {
    id: 'responses-003-conversation',
    sql: 'ALTER TABLE responses ADD COLUMN conversation TEXT',
  },
  {
    id: 'accounts-001-create',
    sql: `CREATE TABLE accounts (
      id TEXT PRIMARY KEY,
      label TEXT NOT NULL UNIQUE,
      login TEXT NOT NULL,
      kind TEXT NOT NULL,
      github_url TEXT NOT NULL,
      account_type TEXT,
      copilot_api_url TEXT,
      priority INTEGER NOT NULL DEFAULT 0,
      enabled BOOLEAN NOT NULL DEFAULT TRUE,
      proxy_url TEXT,
      device_id TEXT NOT NULL,
      machine_id TEXT NOT NULL,
      created_ms BIGINT NOT NULL
    );
    CREATE TABLE account_secrets (
      account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
      github_token TEXT NOT NULL
    );
    CREATE TABLE account_state (
      account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
      cooldown_until BIGINT,
      reason TEXT,
      failing BOOLEAN NOT NULL DEFAULT FALSE,
      limits TEXT,
      served BIGINT NOT NULL DEFAULT 0
    );`,
  },
  {
    id: 'affinity-001-create',
    sql: `CREATE TABLE affinity (
      key TEXT PRIMARY KEY,
      account_id TEXT NOT NULL,
      expires_ms BIGINT NOT NULL
    );
    CREATE INDEX affinity_expires ON affinity (expires_ms);
    CREATE INDEX affinity_account ON affinity (account_id);`,
  },
  {
    id: 'usage-001-create',
    sql: `CREATE TABLE usage_log (
      id BIGSERIAL PRIMARY KEY,
      ts_ms BIGINT NOT NULL,
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
      stream BOOLEAN NOT NULL,
      passthrough BOOLEAN,
      input_tokens BIGINT NOT NULL,
      cached_input_tokens BIGINT NOT NULL,
      cache_write_tokens BIGINT NOT NULL,
      output_tokens BIGINT NOT NULL,
      reasoning_tokens BIGINT NOT NULL,
      cost_nano BIGINT,
      cost_source TEXT NOT NULL,
      multiplier DOUBLE PRECISION,
      initiator TEXT,
      first_byte_ms BIGINT,
      duration_ms BIGINT NOT NULL,
      changes TEXT
    );
    CREATE INDEX usage_log_ts ON usage_log (ts_ms, id);
    CREATE TABLE usage_daily (
      day INTEGER NOT NULL,
      model TEXT NOT NULL,
      key_id TEXT NOT NULL,
      account_id TEXT NOT NULL,
      requests BIGINT NOT NULL,
      errors BIGINT NOT NULL,
      input_tokens BIGINT NOT NULL,
      cached_input_tokens BIGINT NOT NULL,
      cache_write_tokens BIGINT NOT NULL,
      output_tokens BIGINT NOT NULL,
      reasoning_tokens BIGINT NOT NULL,
      cost_nano BIGINT NOT NULL,
      estimated_nano BIGINT NOT NULL,
      unpriced BIGINT NOT NULL,
      PRIMARY KEY (day, model, key_id, account_id)
    );
    CREATE INDEX usage_daily_key_day ON usage_daily (key_id, day);`,
  },
  {
    id: 'usage-002-daily-ingress',
    sql: `ALTER TABLE usage_daily ADD COLUMN ingress TEXT NOT NULL DEFAULT '';
      ALTER TABLE usage_daily DROP CONSTRAINT usage_daily_pkey;
      ALTER TABLE usage_daily ADD PRIMARY KEY (day, model, key_id, account_id, ingress);`,
  },
  {
    id: 'keys-001-create',
    sql: `CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      prefix TEXT NOT NULL,
      hash BYTEA NOT NULL UNIQUE,
      created_ms BIGINT NOT NULL,
      last_used_ms BIGINT,
      expires_ms BIGINT,
      revoked_ms BIGINT,
      models TEXT NOT NULL DEFAULT '[]',
      scopes TEXT NOT NULL DEFAULT '["inference"]',
      limits TEXT NOT NULL DEFAULT '{}'
    );
    CREATE UNIQUE INDEX api_keys_active_name ON api_keys(name) WHERE revoked_ms IS NULL;
    CREATE TABLE key_secret (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      secret BYTEA NOT NULL
    );`,
  },
  {
    id: 'admin-001-create',
    sql: `CREATE TABLE admin_credentials (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      password_hash TEXT NOT NULL,
      updated_ms BIGINT NOT NULL
    )`,
  },
  {
    id: 'summaries-001-create',
    sql: `CREATE TABLE summaries (
      key TEXT PRIMARY KEY,
      model TEXT NOT NULL,
      summary TEXT NOT NULL,
      created_ms BIGINT NOT NULL,
      used_ms BIGINT NOT NULL
    )`,
  },
];
