// Stored Responses answers in PostgreSQL, shared by every instance (a previous_response_id made on
// one works on the others). Bounded like SQLite's (TTL, count, bytes; oldest first), trimmed in the
// put's transaction from the table itself, since other instances write too.
import type pg from 'pg';
import type { ResponsesLimits, ResponsesRepo } from '../responses/types.js';
import { inTransaction, q } from './db.js';
import { createOwnWrites } from './own-writes.js';

/** How long a miss waits before looking once more (an answer another instance is committing). */
const MISS_RETRY_MS = 100;

interface Row {
  id: string;
  model: string;
  input: string;
  output: string;
  account_id: string | null;
  conversation: string | null;
}

export function createPgResponses(
  pool: pg.Pool,
  limits: ResponsesLimits,
  now: () => number = Date.now,
): ResponsesRepo {
  // The route stores an answer without waiting; this instance's next turn finds it all the same.
  const own = createOwnWrites();
  const read = async (id: string): Promise<Row | undefined> =>
    (
      await q<Row>(
        pool,
        'SELECT id, model, input, output, account_id, conversation FROM responses WHERE id = $1 AND expires_ms > $2',
        [id, now()],
      )
    ).rows[0];
  return {
    async get(id) {
      await own.settled();
      // A chain whose last turn another instance answered a moment ago: its write may still be
      // committing (the client's next request can overtake it). One more look before "not found".
      const row =
        (await read(id)) ?? (await new Promise((r) => setTimeout(r, MISS_RETRY_MS)).then(() => read(id)));
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
      const t = now();
      const input = JSON.stringify(entry.input);
      const output = JSON.stringify(entry.output);
      await own.track(
        inTransaction(pool, async (c) => {
          await q(
            c,
            `INSERT INTO responses (id, created_ms, expires_ms, model, input, output, bytes, account_id, conversation)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET seq = DEFAULT, created_ms = excluded.created_ms,
               expires_ms = excluded.expires_ms, model = excluded.model, input = excluded.input,
               output = excluded.output, bytes = excluded.bytes, account_id = excluded.account_id,
               conversation = excluded.conversation`,
            [
              entry.id,
              t,
              t + limits.ttlSec * 1000,
              entry.model,
              input,
              output,
              Buffer.byteLength(input) + Buffer.byteLength(output),
              entry.accountId ?? null,
              entry.conversation ?? null,
            ],
          );
          await q(c, 'DELETE FROM responses WHERE expires_ms <= $1', [t]);
          // Keeps the newest rows within both the count and the running byte total.
          await q(
            c,
            `DELETE FROM responses WHERE id IN (
               SELECT id FROM (
                 SELECT id, row_number() OVER w AS n, sum(bytes) OVER w AS running FROM responses
                 WINDOW w AS (ORDER BY created_ms DESC, seq DESC)) s
               WHERE n > $1 OR running > $2)`,
            [limits.maxEntries, limits.maxBytes],
          );
        }),
      );
    },
  };
}
