// Whether another connection (the CLI, another gateway process) committed to the database since
// this one last asked: SQLite's `PRAGMA data_version`, one prepared statement per connection,
// shared by the repositories that keep in-memory views (the key index, the account pool). A read
// takes a statement and the WAL's shared-memory read lock (three fcntl calls): the request path
// asks once per request (the key check) and the pool reuses that answer (`recent`).
import type { SqliteDb } from './open.js';

/** The oldest answer `recent()` hands out instead of asking again. */
export const REUSE_MAX_MS = 1000;

export interface DataVersion {
  /** Asks SQLite now. The value changes only with other connections' commits. */
  read(): number;
  /**
   * The latest read()'s answer, for a caller whose request read it already (after the request
   * arrived); asks again when that answer is older than REUSE_MAX_MS, so a caller wired to a
   * store whose key index does not read this signal is never stale for longer.
   */
  recent(): number;
}

export function createDataVersion(
  db: SqliteDb,
  clock: () => number = performance.now.bind(performance),
): DataVersion {
  const stmt = db.prepare('PRAGMA data_version').pluck();
  let seen = 0;
  let at = Number.NEGATIVE_INFINITY;
  const read = () => {
    seen = stmt.get() as number;
    at = clock();
    return seen;
  };
  return {
    read,
    recent: () => (clock() - at > REUSE_MAX_MS ? read() : seen),
  };
}
