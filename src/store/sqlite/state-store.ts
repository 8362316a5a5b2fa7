// The SQLite StateStore: one database file in the data dir (`gateway.db`, 0600, WAL), one
// connection per process, every repository's migrations applied at open; plus `keys.secret`, the
// HMAC secret of the API-key hashes (0600, kept outside the database on purpose).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SqliteSummaryRepository, summariesMigrations } from '../../context/summaries.js';
import { USAGE_MIGRATIONS } from '../../usage/log/migrations.js';
import { createSqliteUsageRepository } from '../../usage/log/sqlite-usage-repository.js';
import { keyHasher, loadOrCreateHashSecret } from '../keys/key-material.js';
import { DEFAULT_RESPONSES_LIMITS } from '../responses/limits.js';
import type { ResponsesLimits } from '../responses/types.js';
import type { StateStore } from '../state-store.js';
import { accountsMigrations, createSqliteAccounts } from './accounts.js';
import { ADMIN_MIGRATIONS, createSqliteAdminRepo } from './admin-repo.js';
import { affinityMigrations, createSqliteAffinity } from './affinity.js';
import { createDataVersion } from './data-version.js';
import { createSqliteKeysRepo, KEYS_MIGRATIONS } from './keys-repo.js';
import { applyMigrations } from './migrate.js';
import { openSqlite } from './open.js';
import { createSqliteResponses, responsesMigrations } from './responses.js';

export const STATE_DB_FILE = 'gateway.db';
export const KEY_SECRET_FILE = 'keys.secret';

export { DEFAULT_RESPONSES_LIMITS };

export interface SqliteStateStoreOptions {
  responses?: Partial<ResponsesLimits>;
  now?: () => number;
  /** ':memory:' for tests (then keys.secret is not written either); default <dataDir>/gateway.db. */
  file?: string;
  /** How often pending key last-used times are written (default 30 s). */
  flushIntervalMs?: number;
}

export function openSqliteStateStore(dataDir: string, options: SqliteStateStoreOptions = {}): StateStore {
  const db = openSqlite(options.file ?? join(dataDir, STATE_DB_FILE));
  try {
    applyMigrations(db, [
      ...responsesMigrations,
      ...accountsMigrations,
      ...affinityMigrations,
      ...USAGE_MIGRATIONS,
      ...KEYS_MIGRATIONS,
      ...ADMIN_MIGRATIONS,
      ...summariesMigrations,
    ]);
  } catch (err) {
    db.close();
    throw err;
  }
  const now = options.now ?? Date.now;
  // One change signal for the connection: the key check reads it, the account pool reuses it.
  const dataVersion = createDataVersion(db);
  let keys: ReturnType<typeof createSqliteKeysRepo>;
  try {
    // An in-memory database's keys die with it: its hash secret needs no file (and no data dir).
    const secret =
      options.file === ':memory:' ? randomBytes(32) : loadOrCreateHashSecret(join(dataDir, KEY_SECRET_FILE));
    keys = createSqliteKeysRepo(db, { hash: keyHasher(secret), dataVersion });
  } catch (err) {
    db.close();
    throw err;
  }
  const admin = createSqliteAdminRepo(db);
  const timer = setInterval(() => {
    keys.flush().catch(() => {
      // The next flush retries; last-used times are advisory.
    });
  }, options.flushIntervalMs ?? 30_000);
  timer.unref();
  let closed = false;
  return {
    backend: 'sqlite',
    accounts: createSqliteAccounts(db, now, dataVersion),
    affinity: createSqliteAffinity(db, now),
    responses: createSqliteResponses(db, { ...DEFAULT_RESPONSES_LIMITS, ...options.responses }, now),
    usage: createSqliteUsageRepository(db),
    keys,
    admin,
    summaries: new SqliteSummaryRepository(db, undefined, now),
    async ping() {
      try {
        db.prepare('SELECT 1').get();
        return { ok: true };
      } catch (err) {
        return { ok: false, error: (err as Error).message };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      try {
        await keys.flush();
      } finally {
        db.close();
      }
    },
  };
}
