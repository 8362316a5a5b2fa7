// Schema migrations for the SQLite state database. Each concern (responses, accounts, keys,
// usage, ...) owns an ordered list of migrations with globally unique ids; they are applied once,
// in list order, each in its own transaction, and recorded in `schema_migrations`.
import type { SqliteDb } from './open.js';

export interface SqliteMigration {
  /** Unique and stable forever, e.g. "responses-001-create". */
  id: string;
  up: (db: SqliteDb) => void;
}

/** Applies the migrations not yet recorded; returns the ids it applied. */
export function applyMigrations(db: SqliteDb, migrations: readonly SqliteMigration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_ms INTEGER NOT NULL
  )`);
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    seen.add(m.id);
  }
  const done = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id),
  );
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_ms) VALUES (?, ?)');
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    // IMMEDIATE takes the write lock up front, so two processes opening the same fresh database
    // serialise here; the second re-checks and skips what the first applied.
    db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').get(m.id);
      if (again) return;
      m.up(db);
      record.run(m.id, Date.now());
      applied.push(m.id);
    }).immediate();
  }
  return applied;
}
