// Our own store of Responses API answers, so `previous_response_id` works although Copilot
// runs with store:false. Bounded (TTL + max entries) and kept in the data dir's SQLite file
// (0600), or in memory for tests. One row per response: the full input that produced it and
// its output items, both in Responses wire format.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface StoredResponse {
  id: string;
  model: string;
  /** The whole input of the request, previous turns already expanded. */
  input: unknown[];
  output: unknown[];
}

export interface ResponseStore {
  get(id: string): StoredResponse | undefined;
  put(entry: StoredResponse): void;
  close(): void;
}

export interface ResponseStoreOptions {
  ttlSec: number;
  maxEntries: number;
  now?: () => number;
}

export function openResponseStore(file: string, options: ResponseStoreOptions): ResponseStore {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }
  const fresh = file !== ':memory:' && !existsSync(file);
  const db = new Database(file);
  if (fresh) chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS responses (
    id TEXT PRIMARY KEY,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    model TEXT NOT NULL,
    input TEXT NOT NULL,
    output TEXT NOT NULL
  )`);
  db.exec('CREATE INDEX IF NOT EXISTS responses_created ON responses (created_ms)');
  const now = options.now ?? Date.now;
  const getStmt = db.prepare(
    'SELECT id, model, input, output FROM responses WHERE id = ? AND expires_ms > ?',
  );
  const putStmt = db.prepare(
    'INSERT OR REPLACE INTO responses (id, created_ms, expires_ms, model, input, output) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const expireStmt = db.prepare('DELETE FROM responses WHERE expires_ms <= ?');
  const trimStmt = db.prepare(
    'DELETE FROM responses WHERE id IN (SELECT id FROM responses ORDER BY created_ms DESC LIMIT -1 OFFSET ?)',
  );
  return {
    get(id) {
      const row = getStmt.get(id, now()) as
        | { id: string; model: string; input: string; output: string }
        | undefined;
      if (!row) return undefined;
      return { id: row.id, model: row.model, input: JSON.parse(row.input), output: JSON.parse(row.output) };
    },
    put(entry) {
      const t = now();
      putStmt.run(
        entry.id,
        t,
        t + options.ttlSec * 1000,
        entry.model,
        JSON.stringify(entry.input),
        JSON.stringify(entry.output),
      );
      expireStmt.run(t);
      trimStmt.run(options.maxEntries);
    },
    close() {
      db.close();
    },
  };
}
