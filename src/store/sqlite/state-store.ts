// The SQLite StateStore in the data dir: `gateway.db` (0600, WAL) plus `keys.secret`, the HMAC
// secret of the API-key hashes (0600, kept outside the database on purpose).
import { join } from 'node:path';
import { keyHasher, loadOrCreateHashSecret } from '../keys/key-material.js';
import type { StateStore } from '../state-store.js';
import { ADMIN_MIGRATIONS, createSqliteAdminRepo } from './admin-repo.js';
import { createSqliteKeysRepo, KEYS_MIGRATIONS } from './keys-repo.js';
import { applyMigrations } from './migrate.js';
import { openSqlite } from './open.js';

export const STATE_DB_FILE = 'gateway.db';
export const KEY_SECRET_FILE = 'keys.secret';

export interface SqliteStateOptions {
  /** How often pending last-used times are written (default 30 s). */
  flushIntervalMs?: number;
}

export function openSqliteStateStore(dataDir: string, options: SqliteStateOptions = {}): StateStore {
  const db = openSqlite(join(dataDir, STATE_DB_FILE));
  try {
    applyMigrations(db, [...KEYS_MIGRATIONS, ...ADMIN_MIGRATIONS]);
  } catch (err) {
    db.close();
    throw err;
  }
  const keys = createSqliteKeysRepo(db, {
    hash: keyHasher(loadOrCreateHashSecret(join(dataDir, KEY_SECRET_FILE))),
  });
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
    keys,
    admin,
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
