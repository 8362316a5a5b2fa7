import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../store/sqlite/migrate.js';
import { openSqlite } from '../store/sqlite/open.js';
import { MemorySummaryRepository, SqliteSummaryRepository, summariesMigrations } from './summaries.js';

const dir = mkdtempSync(join(tmpdir(), 'cgw-summaries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('summary repositories', () => {
  it('SQLite: stores 0600, survives a reopen, prunes least recently used', async () => {
    const file = join(dir, 'state.db');
    let db = openSqlite(file);
    expect(applyMigrations(db, summariesMigrations)).toEqual(['summaries-001-create']);
    let t = 0;
    const repo = new SqliteSummaryRepository(db, 2, () => ++t);
    await repo.put('a', 'gpt-5-mini', 'summary a');
    await repo.put('b', 'gpt-5-mini', 'summary b');
    expect(await repo.get('a')).toBe('summary a');
    await repo.put('c', 'gpt-5-mini', 'summary c');
    expect(await repo.get('b')).toBeUndefined();
    db.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    db = openSqlite(file);
    expect(applyMigrations(db, summariesMigrations)).toEqual([]);
    const again = new SqliteSummaryRepository(db);
    expect(await again.get('a')).toBe('summary a');
    expect(await again.get('c')).toBe('summary c');
    db.close();
  });

  it('memory: bounded, least recently used first out', async () => {
    const repo = new MemorySummaryRepository(2);
    await repo.put('a', 'm', '1');
    await repo.put('b', 'm', '2');
    await repo.get('a');
    await repo.put('c', 'm', '3');
    expect(await repo.get('b')).toBeUndefined();
    expect(await repo.get('a')).toBe('1');
  });
});
