// PostgreSQL migrations: several instances opening one fresh database at once leave one schema;
// an unreachable database is a clear 503 that never shows the URL's password.
import { afterEach, expect, it } from 'vitest';
import { describeWithPostgres, freshSchema, type TestSchema } from '../../test-support/test-database.js';
import { applyPgMigrations } from './migrate.js';
import { PG_MIGRATIONS } from './migrations.js';
import { openPgStateStore, type PgStateStore } from './state-store.js';

const schemas: TestSchema[] = [];
const stores: PgStateStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const s of schemas.splice(0)) await s.drop();
});

describeWithPostgres('postgres migrations', () => {
  it('four instances starting at once apply each migration exactly once', async () => {
    const schema = await freshSchema();
    schemas.push(schema);
    const opened = await Promise.all([1, 2, 3, 4].map(() => openPgStateStore(schema.url)));
    stores.push(...opened);
    const rows = (await opened[0].pool.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id'))
      .rows;
    expect(rows.map((r) => r.id)).toEqual(PG_MIGRATIONS.map((m) => m.id).sort());
    // Every instance sees the same tables, and one key secret.
    const secrets = await opened[0].pool.query('SELECT count(*)::int AS n FROM key_secret');
    expect(secrets.rows[0].n).toBe(1);
    const { secret } = await opened[1].keys.create({ name: 'k' });
    const other = opened[3];
    if (!other.keys.index.lookup(secret)) await other.keys.index.refresh?.();
    expect(other.keys.index.lookup(secret)?.name).toBe('k');
    // Opening again applies nothing.
    expect(await applyPgMigrations(opened[2].pool, PG_MIGRATIONS)).toEqual([]);
  });

  it('uses the same migration ids as SQLite', async () => {
    const { accountsMigrations } = await import('../sqlite/accounts.js');
    const { affinityMigrations } = await import('../sqlite/affinity.js');
    const { responsesMigrations } = await import('../sqlite/responses.js');
    const { KEYS_MIGRATIONS } = await import('../sqlite/keys-repo.js');
    const { ADMIN_MIGRATIONS } = await import('../sqlite/admin-repo.js');
    const { USAGE_MIGRATIONS } = await import('../../usage/log/migrations.js');
    const { summariesMigrations } = await import('../../context/summaries.js');
    const sqlite = [
      ...responsesMigrations,
      ...accountsMigrations,
      ...affinityMigrations,
      ...USAGE_MIGRATIONS,
      ...KEYS_MIGRATIONS,
      ...ADMIN_MIGRATIONS,
      ...summariesMigrations,
    ].map((m) => m.id);
    expect(PG_MIGRATIONS.map((m) => m.id)).toEqual(sqlite);
  });

  it('reports an unreachable database as database_unavailable, without the password', async () => {
    // Port 1: nothing listens there.
    const url = 'postgres://gateway:s3cr3t-pw@127.0.0.1:1/postgres';
    const err = await openPgStateStore(url, { connectTimeoutMs: 2000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'database_unavailable', status: 503 });
    expect(String((err as Error).message)).not.toContain('s3cr3t-pw');
  });
});
