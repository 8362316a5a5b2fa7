// Conversation summaries (context management) in PostgreSQL: the SQLite repository's queries.
import type pg from 'pg';
import type { SummaryRepository } from '../../context/summaries.js';
import { q } from './db.js';

export function createPgSummaries(
  pool: pg.Pool,
  maxEntries = 10_000,
  now: () => number = Date.now,
): SummaryRepository {
  return {
    async get(key) {
      const row = (
        await q<{ summary: string }>(
          pool,
          'UPDATE summaries SET used_ms = $1 WHERE key = $2 RETURNING summary',
          [now(), key],
        )
      ).rows[0];
      return row?.summary;
    },
    async put(key, model, summary) {
      const t = now();
      await q(
        pool,
        `INSERT INTO summaries (key, model, summary, created_ms, used_ms) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (key) DO UPDATE SET model = excluded.model, summary = excluded.summary,
           created_ms = excluded.created_ms, used_ms = excluded.used_ms`,
        [key, model, summary, t],
      );
      await q(
        pool,
        'DELETE FROM summaries WHERE key IN (SELECT key FROM summaries ORDER BY used_ms DESC OFFSET $1)',
        [maxEntries],
      );
    },
  };
}
