// The admin password hash in PostgreSQL (one row), shared by every instance.
import type pg from 'pg';
import type { AdminRepo } from '../admin.js';
import { q } from './db.js';

export function createPgAdminRepo(pool: pg.Pool): AdminRepo {
  return {
    async passwordHash() {
      return (
        await q<{ password_hash: string }>(pool, 'SELECT password_hash FROM admin_credentials WHERE id = 1')
      ).rows[0]?.password_hash;
    },
    async setPasswordHash(hash) {
      await q(
        pool,
        `INSERT INTO admin_credentials (id, password_hash, updated_ms) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash, updated_ms = excluded.updated_ms`,
        [hash, Date.now()],
      );
    },
  };
}
