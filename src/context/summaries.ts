// The summary cache: one summary per (summary model, hash of the turns it covers), so the same
// prefix is summarised once (a summary recomputed on every request burns quota and changes the
// prompt prefix, which breaks the upstream prompt cache). Two implementations behind one
// interface: SQLite in the state database (migration ids `summaries-…`) and in memory.

import type { SqliteMigration } from '../store/sqlite/migrate.js';
import type { SqliteDb } from '../store/sqlite/open.js';

export interface SummaryRepository {
  get(key: string): Promise<string | undefined>;
  put(key: string, model: string, summary: string): Promise<void>;
}

export const summariesMigrations: readonly SqliteMigration[] = [
  {
    id: 'summaries-001-create',
    up: (db) =>
      db.exec(`CREATE TABLE summaries (
        key TEXT PRIMARY KEY,
        model TEXT NOT NULL,
        summary TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        used_ms INTEGER NOT NULL
      )`),
  },
];

/** SQLite summaries; the caller applies `summariesMigrations` to the database first. */
export class SqliteSummaryRepository implements SummaryRepository {
  private readonly select;
  private readonly touch;
  private readonly insert;
  private readonly prune;

  constructor(
    db: SqliteDb,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.select = db.prepare('SELECT summary FROM summaries WHERE key = ?');
    this.touch = db.prepare('UPDATE summaries SET used_ms = ? WHERE key = ?');
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO summaries (key, model, summary, created_ms, used_ms) VALUES (?, ?, ?, ?, ?)',
    );
    this.prune = db.prepare(
      'DELETE FROM summaries WHERE key NOT IN (SELECT key FROM summaries ORDER BY used_ms DESC LIMIT ?)',
    );
  }

  async get(key: string): Promise<string | undefined> {
    const row = this.select.get(key) as { summary: string } | undefined;
    if (row) this.touch.run(this.now(), key);
    return row?.summary;
  }

  async put(key: string, model: string, summary: string): Promise<void> {
    const t = this.now();
    this.insert.run(key, model, summary, t, t);
    this.prune.run(this.maxEntries);
  }
}

/** In-memory summaries (least recently used dropped first). */
export class MemorySummaryRepository implements SummaryRepository {
  private readonly map = new Map<string, string>();
  constructor(private readonly maxEntries = 1000) {}

  async get(key: string): Promise<string | undefined> {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  async put(key: string, _model: string, summary: string): Promise<void> {
    this.map.delete(key);
    this.map.set(key, summary);
    while (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as string);
  }
}
