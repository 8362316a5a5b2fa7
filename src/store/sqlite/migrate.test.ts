import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations, type SqliteMigration } from './migrate.js';
import { openSqlite } from './open.js';

const migrations: SqliteMigration[] = [
  { id: 't-001', up: (db) => db.exec('CREATE TABLE a (x INTEGER)') },
  { id: 't-002', up: (db) => db.exec('ALTER TABLE a ADD COLUMN y TEXT') },
];

describe('sqlite migrations', () => {
  it('applies each migration once, in order', () => {
    const db = openSqlite(':memory:');
    expect(applyMigrations(db, migrations)).toEqual(['t-001', 't-002']);
    expect(applyMigrations(db, migrations)).toEqual([]);
    db.prepare('INSERT INTO a (x, y) VALUES (1, ?)').run('z');
    expect(db.prepare('SELECT y FROM a').get()).toEqual({ y: 'z' });
  });

  it('rejects duplicate ids', () => {
    const db = openSqlite(':memory:');
    expect(() => applyMigrations(db, [migrations[0], migrations[0]])).toThrow(/duplicate/);
  });

  it('rolls back a failing migration and records nothing for it', () => {
    const db = openSqlite(':memory:');
    const bad: SqliteMigration = {
      id: 't-bad',
      up: (d) => {
        d.exec('CREATE TABLE b (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => applyMigrations(db, [bad])).toThrow('boom');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    expect(applyMigrations(db, [migrations[0]])).toEqual(['t-001']);
  });

  it('creates the file 0600 and two connections share one schema', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cgw-db-')), 'state.db');
    const a = openSqlite(file);
    const b = openSqlite(file);
    applyMigrations(a, migrations);
    expect(applyMigrations(b, migrations)).toEqual([]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    a.close();
    b.close();
  });
});
