// The admin password hash (one row). The hash format is decided by src/admin/auth/password.ts.
import type { AdminRepo } from '../admin.js';
import type { SqliteMigration } from './migrate.js';
import type { SqliteDb } from './open.js';

export const ADMIN_MIGRATIONS: readonly SqliteMigration[] = [
  {
    id: 'admin-001-create',
    up: (db) =>
      db.exec(`CREATE TABLE admin_credentials (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        password_hash TEXT NOT NULL,
        updated_ms INTEGER NOT NULL
      )`),
  },
];

export function createSqliteAdminRepo(db: SqliteDb): AdminRepo {
  const get = db.prepare('SELECT password_hash FROM admin_credentials WHERE id = 1').pluck();
  const set = db.prepare(`INSERT INTO admin_credentials (id, password_hash, updated_ms) VALUES (1, ?, ?)
    ON CONFLICT(id) DO UPDATE SET password_hash = excluded.password_hash, updated_ms = excluded.updated_ms`);
  return {
    async passwordHash() {
      return (get.get() as string | undefined) ?? undefined;
    },
    async setPasswordHash(hash) {
      set.run(hash, Date.now());
    },
  };
}
