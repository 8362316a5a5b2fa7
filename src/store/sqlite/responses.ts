// SQLite store of Responses answers for previous_response_id. Bounded three ways: a TTL, a count
// and a total size in bytes; beyond either bound the oldest rows go first.
import type { ResponsesLimits, ResponsesRepo } from '../responses/types.js';
import type { SqliteMigration } from './migrate.js';
import type { SqliteDb } from './open.js';

export const responsesMigrations: SqliteMigration[] = [
  {
    id: 'responses-001-create',
    up: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS responses (
          id TEXT PRIMARY KEY,
          created_ms INTEGER NOT NULL,
          expires_ms INTEGER NOT NULL,
          model TEXT NOT NULL,
          input TEXT NOT NULL,
          output TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS responses_created ON responses (created_ms);`),
  },
  {
    id: 'responses-002-bytes-account',
    up: (db) =>
      db.exec(`
        ALTER TABLE responses ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE responses ADD COLUMN account_id TEXT;
        UPDATE responses SET bytes = length(input) + length(output);`),
  },
  {
    id: 'responses-003-conversation',
    up: (db) => db.exec('ALTER TABLE responses ADD COLUMN conversation TEXT'),
  },
];

export function createSqliteResponses(
  db: SqliteDb,
  limits: ResponsesLimits,
  now: () => number = Date.now,
): ResponsesRepo {
  const getStmt = db.prepare(
    'SELECT id, model, input, output, account_id, conversation FROM responses WHERE id = ? AND expires_ms > ?',
  );
  const putStmt = db.prepare(
    'INSERT OR REPLACE INTO responses (id, created_ms, expires_ms, model, input, output, bytes, account_id, conversation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const expireStmt = db.prepare('DELETE FROM responses WHERE expires_ms <= ?');
  const trimCount = db.prepare(
    'DELETE FROM responses WHERE id IN (SELECT id FROM responses ORDER BY created_ms DESC, rowid DESC LIMIT -1 OFFSET ?)',
  );
  const total = db.prepare('SELECT coalesce(sum(bytes), 0) FROM responses').pluck();
  // Keeps the newest rows whose running total fits, drops the rest (oldest first).
  const trimBytes = db.prepare(`DELETE FROM responses WHERE id IN (
    SELECT id FROM (SELECT id, sum(bytes) OVER (ORDER BY created_ms DESC, rowid DESC) AS running FROM responses)
    WHERE running > ?)`);
  // The running total is kept in memory between writes; recomputed from the table at start.
  let bytes = total.get() as number;
  const put = db.transaction(
    (id: string, model: string, input: string, output: string, accountId?: string, conversation?: string) => {
      const t = now();
      const size = Buffer.byteLength(input) + Buffer.byteLength(output);
      putStmt.run(
        id,
        t,
        t + limits.ttlSec * 1000,
        model,
        input,
        output,
        size,
        accountId ?? null,
        conversation ?? null,
      );
      let removed = expireStmt.run(t).changes;
      removed += trimCount.run(limits.maxEntries).changes;
      bytes += size;
      if (removed > 0) bytes = total.get() as number;
      if (bytes > limits.maxBytes) {
        trimBytes.run(limits.maxBytes);
        bytes = total.get() as number;
      }
    },
  );
  return {
    async get(id) {
      const row = getStmt.get(id, now()) as
        | {
            id: string;
            model: string;
            input: string;
            output: string;
            account_id: string | null;
            conversation: string | null;
          }
        | undefined;
      if (!row) return undefined;
      return {
        id: row.id,
        model: row.model,
        input: JSON.parse(row.input),
        output: JSON.parse(row.output),
        accountId: row.account_id ?? undefined,
        conversation: row.conversation ?? undefined,
      };
    },
    async put(entry) {
      put(
        entry.id,
        entry.model,
        JSON.stringify(entry.input),
        JSON.stringify(entry.output),
        entry.accountId,
        entry.conversation,
      );
    },
  };
}
