// The PostgreSQL StateStore (`--database-url postgres://…`): one pool per instance, migrations
// under an advisory lock at open, one LISTEN connection for the change feed (./changes.ts), the
// repositories in this folder. Several instances on one database share accounts, keys, usage,
// affinity, stored Responses answers, summaries and the admin password.
import type pg from 'pg';
import { DEFAULT_RESPONSES_LIMITS } from '../responses/limits.js';
import type { ResponsesLimits } from '../responses/types.js';
import type { StateStore } from '../state-store.js';
import { createPgAccounts } from './accounts.js';
import { createPgAdminRepo } from './admin-repo.js';
import { createPgAffinity } from './affinity.js';
import { startChangeFeed } from './changes.js';
import { createPgPool, type PgOptions, q } from './db.js';
import { createPgKeysRepo } from './keys-repo.js';
import { applyPgMigrations } from './migrate.js';
import { PG_MIGRATIONS } from './migrations.js';
import { createPgResponses } from './responses.js';
import { createPgSummaries } from './summaries.js';
import { createPgUsageRepository } from './usage.js';

export interface PgStateStoreOptions extends PgOptions {
  responses?: Partial<ResponsesLimits>;
  now?: () => number;
  /** How often pending key last-used times are written (default 30 s). */
  flushIntervalMs?: number;
  /** Where the store reports trouble it survives (a lost change feed, a failed reload). */
  warn?: (message: string) => void;
}

export interface PgStateStore extends StateStore {
  readonly backend: 'postgres';
  /** Whether the database answers now (for /readyz); never throws. */
  ping(): Promise<{ ok: boolean; error?: string }>;
  readonly pool: pg.Pool;
}

export async function openPgStateStore(
  url: string,
  options: PgStateStoreOptions = {},
): Promise<PgStateStore> {
  const pool = createPgPool(url, options);
  const warn = options.warn ?? (() => {});
  try {
    await applyPgMigrations(pool, PG_MIGRATIONS);
    const schema = (await q<{ s: string }>(pool, 'SELECT current_schema() AS s')).rows[0]?.s ?? 'public';
    const feed = startChangeFeed(url, schema, warn);
    await feed.ready;
    const now = options.now ?? Date.now;
    let keys: Awaited<ReturnType<typeof createPgKeysRepo>>;
    try {
      keys = await createPgKeysRepo(pool, feed, {
        now,
        onReloadError: (err) => warn(`could not reload API keys: ${(err as Error).message}`),
      });
    } catch (err) {
      await feed.close();
      throw err;
    }
    const timer = setInterval(() => {
      keys.flush().catch(() => {
        // Kept for the next flush; last-used times are advisory.
      });
    }, options.flushIntervalMs ?? 30_000);
    timer.unref();
    let closed = false;
    return {
      backend: 'postgres',
      pool,
      accounts: createPgAccounts(pool, feed, now),
      affinity: createPgAffinity(pool, feed, { now }),
      responses: createPgResponses(pool, { ...DEFAULT_RESPONSES_LIMITS, ...options.responses }, now),
      usage: createPgUsageRepository(pool),
      keys,
      admin: createPgAdminRepo(pool),
      summaries: createPgSummaries(pool, undefined, now),
      async ping() {
        try {
          await q(pool, 'SELECT 1');
          return feed.connected() ? { ok: true } : { ok: false, error: 'change feed (LISTEN) not connected' };
        } catch (err) {
          return { ok: false, error: (err as Error).message };
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        try {
          await keys.flush().catch(() => {});
        } finally {
          await feed.close();
          await pool.end();
        }
      },
    };
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
}
