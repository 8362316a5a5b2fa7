// The SQLite StateStore: one database file in the data dir (0600, WAL), one connection per
// process, every repository's migrations applied at open.
import { join } from 'node:path';
import type { ResponsesLimits } from '../responses/types.js';
import type { StateStore } from '../state-store.js';
import { accountsMigrations, createSqliteAccounts } from './accounts.js';
import { affinityMigrations, createSqliteAffinity } from './affinity.js';
import { applyMigrations } from './migrate.js';
import { openSqlite } from './open.js';
import { createSqliteResponses, responsesMigrations } from './responses.js';

export const STATE_DB_FILE = 'gateway.db';

export const DEFAULT_RESPONSES_LIMITS: ResponsesLimits = {
  ttlSec: 6 * 3600,
  maxEntries: 2000,
  maxBytes: 256 * 1024 * 1024,
};

export interface SqliteStateStoreOptions {
  responses?: Partial<ResponsesLimits>;
  now?: () => number;
  /** ':memory:' for tests; default <dataDir>/gateway.db. */
  file?: string;
}

export function openSqliteStateStore(dataDir: string, options: SqliteStateStoreOptions = {}): StateStore {
  const db = openSqlite(options.file ?? join(dataDir, STATE_DB_FILE));
  try {
    applyMigrations(db, [...responsesMigrations, ...accountsMigrations, ...affinityMigrations]);
  } catch (err) {
    db.close();
    throw err;
  }
  const now = options.now ?? Date.now;
  let closed = false;
  return {
    backend: 'sqlite',
    accounts: createSqliteAccounts(db, now),
    affinity: createSqliteAffinity(db, now),
    responses: createSqliteResponses(db, { ...DEFAULT_RESPONSES_LIMITS, ...options.responses }, now),
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
