// SQLite conversation affinity: key → account with an expiry; expired rows are swept on write.
import type { AffinityRepo } from '../affinity/types.js';
import type { SqliteMigration } from './migrate.js';
import type { SqliteDb } from './open.js';

export const affinityMigrations: SqliteMigration[] = [
  {
    id: 'affinity-001-create',
    up: (db) =>
      db.exec(`
        CREATE TABLE affinity (
          key TEXT PRIMARY KEY,
          account_id TEXT NOT NULL,
          expires_ms INTEGER NOT NULL
        );
        CREATE INDEX affinity_expires ON affinity (expires_ms);
        CREATE INDEX affinity_account ON affinity (account_id);`),
  },
];

export function createSqliteAffinity(db: SqliteDb, now: () => number = Date.now): AffinityRepo {
  const get = db.prepare('SELECT account_id, expires_ms FROM affinity WHERE key = ? AND expires_ms > ?');
  const set = db.prepare(
    'INSERT INTO affinity (key, account_id, expires_ms) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET account_id = excluded.account_id, expires_ms = excluded.expires_ms',
  );
  const sweep = db.prepare('DELETE FROM affinity WHERE expires_ms <= ?');
  const drop = db.prepare('DELETE FROM affinity WHERE account_id = ?');
  let writes = 0;
  return {
    async get(key) {
      const row = get.get(key, now()) as { account_id: string; expires_ms: number } | undefined;
      return row ? { accountId: row.account_id, expiresAt: row.expires_ms } : undefined;
    },
    async set(key, accountId, ttlSec) {
      const t = now();
      set.run(key, accountId, t + ttlSec * 1000);
      if (++writes % 256 === 0) sweep.run(t);
    },
    async dropAccount(accountId) {
      drop.run(accountId);
    },
  };
}
