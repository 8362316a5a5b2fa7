// Opens the gateway's SQLite state database: created 0600 in a 0700 folder, WAL so readers
// (the CLI beside a running gateway) never block the writer, and a busy timeout so a second
// process waits for the lock instead of failing at once.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDb = Database.Database;

export interface OpenSqliteOptions {
  /** How long a statement waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

export function openSqlite(file: string, options: OpenSqliteOptions = {}): SqliteDb {
  const memory = file === ':memory:';
  if (!memory) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fresh = !memory && !existsSync(file);
  const db = new Database(file, { readonly: options.readonly ?? false });
  if (fresh) chmodSync(file, 0o600);
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  return db;
}
