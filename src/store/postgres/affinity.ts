// Conversation affinity in PostgreSQL, shared by every instance, with a local cache so the hot
// path does not wait on the database for a conversation this instance has seen: a lookup reads
// the cache first and the database only on a miss (a conversation new here: its first turn, or
// one whose earlier turns another instance served). Every binding written is announced on the
// change feed and the other instances drop their cached entry, so a conversation that moved to
// another account is looked up afresh. Lookups never fail a request: an unreachable database
// answers "unbound" (the request follows the selection strategy) and writes fail quietly upstream.
import type pg from 'pg';
import type { AffinityRepo } from '../affinity/types.js';
import { type ChangeFeed, notifySql } from './changes.js';
import { inTransaction, q } from './db.js';

export interface PgAffinityOptions {
  now?: () => number;
  /** Conversations cached per instance (default 50,000; the oldest go first). */
  maxCached?: number;
  onError?: (err: unknown) => void;
}

export function createPgAffinity(
  pool: pg.Pool,
  feed: ChangeFeed,
  options: PgAffinityOptions = {},
): AffinityRepo {
  const now = options.now ?? Date.now;
  const max = options.maxCached ?? 50_000;
  const cache = new Map<string, { accountId: string; expiresAt: number }>();
  let writes = 0;
  const remember = (key: string, v: { accountId: string; expiresAt: number }) => {
    cache.delete(key);
    cache.set(key, v);
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
  };
  feed.on((topic, detail) => {
    if (topic === 'affinity') {
      if (detail === '') cache.clear();
      else cache.delete(detail);
    } else if (topic === 'resync') cache.clear();
  });
  const notify = notifySql('affinity', 1);

  return {
    async get(key) {
      const t = now();
      const hit = cache.get(key);
      if (hit && hit.expiresAt > t) return hit;
      try {
        const row = (
          await q<{ account_id: string; expires_ms: number }>(
            pool,
            'SELECT account_id, expires_ms FROM affinity WHERE key = $1 AND expires_ms > $2',
            [key, t],
          )
        ).rows[0];
        if (!row) return undefined;
        const v = { accountId: row.account_id, expiresAt: row.expires_ms };
        remember(key, v);
        return v;
      } catch (err) {
        options.onError?.(err);
        return undefined;
      }
    },
    async set(key, accountId, ttlSec) {
      const t = now();
      const v = { accountId, expiresAt: t + ttlSec * 1000 };
      await inTransaction(pool, async (c) => {
        await q(
          c,
          `INSERT INTO affinity (key, account_id, expires_ms) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET account_id = excluded.account_id, expires_ms = excluded.expires_ms`,
          [key, accountId, v.expiresAt],
        );
        await q(c, notify, [key]);
        if (++writes % 256 === 0) await q(c, 'DELETE FROM affinity WHERE expires_ms <= $1', [t]);
      });
      remember(key, v);
    },
    async dropAccount(accountId) {
      await inTransaction(pool, async (c) => {
        await q(c, 'DELETE FROM affinity WHERE account_id = $1', [accountId]);
        await q(c, notify, ['']);
      });
      for (const [k, v] of cache) if (v.accountId === accountId) cache.delete(k);
    },
  };
}
