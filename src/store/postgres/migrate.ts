// Schema migrations for the PostgreSQL state store: the same ids as the SQLite ones (each
// repository's list, in the same order), each applied once in its own transaction and recorded in
// `schema_migrations`. Several instances starting at once serialise on one advisory lock (per
// schema), so exactly one applies each migration and the others find it recorded.
import type pg from 'pg';
import { databaseUnavailable, isConnectionError } from './db.js';

export interface PgMigration {
  /** Unique and stable forever, the same id as the SQLite migration of the same change. */
  id: string;
  sql: string;
}

/** Applies the migrations not yet recorded; returns the ids it applied. */
export async function applyPgMigrations(
  pool: pg.Pool,
  migrations: readonly PgMigration[],
): Promise<string[]> {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    seen.add(m.id);
  }
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw isConnectionError(err) ? databaseUnavailable(err) : err;
  }
  const applied: string[] = [];
  try {
    const schema = (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0]?.s;
    if (!schema)
      throw new Error('the database URL selects no existing schema (search_path): create it first');
    await client.query(
      "SELECT pg_advisory_lock(hashtext(current_schema() || ':copilot-gateway-migrations'))",
    );
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        id TEXT PRIMARY KEY,
        applied_ms BIGINT NOT NULL
      )`);
      const done = new Set(
        (await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id),
      );
      for (const m of migrations) {
        if (done.has(m.id)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (id, applied_ms) VALUES ($1, $2)', [
            m.id,
            Date.now(),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw new Error(`migration ${m.id} failed: ${(err as Error).message}`);
        }
        applied.push(m.id);
      }
    } finally {
      await client
        .query("SELECT pg_advisory_unlock(hashtext(current_schema() || ':copilot-gateway-migrations'))")
        .catch(() => {});
    }
  } catch (err) {
    throw isConnectionError(err) ? databaseUnavailable(err) : err;
  } finally {
    client.release();
  }
  return applied;
}
