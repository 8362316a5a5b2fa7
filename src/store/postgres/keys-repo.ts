// API keys in PostgreSQL. The request path reads the same in-memory index as SQLite's
// (../keys/key-map.ts); it is reloaded after this instance's own writes (before they return), when
// another instance's write is announced on the change feed (LISTEN/NOTIFY, milliseconds), and on
// demand (refresh(), throttled) when a well-formed key is presented that the index does not know,
// so a key created on one instance works on every other at once. While the database is unreachable
// the last loaded index keeps serving. The HMAC secret is shared through the `key_secret` table.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { createKeyMap } from '../keys/key-map.js';
import { displayPrefix, generateKey, keyHasher } from '../keys/key-material.js';
import { type KeyRow, toKey } from '../keys/key-row.js';
import type { KeyIndex, KeysRepo, NewKeyInput } from '../keys.js';
import { type ChangeFeed, notifySql } from './changes.js';
import { inTransaction, q } from './db.js';

export interface PgKeysOptions {
  now?: () => number;
  /** Least time between two on-demand reloads (default 100 ms). */
  refreshGapMs?: number;
  onReloadError?: (err: unknown) => void;
}

/** The HMAC secret of the key hashes: made once by whichever instance comes first. */
export async function loadOrCreatePgSecret(pool: pg.Pool): Promise<Buffer> {
  await q(pool, 'INSERT INTO key_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [
    randomBytes(32),
  ]);
  const row = (await q<{ secret: Buffer }>(pool, 'SELECT secret FROM key_secret WHERE id = 1')).rows[0];
  if (!row) throw new Error('key_secret holds no secret');
  return row.secret;
}

const NOTIFY = notifySql('keys');

export async function createPgKeysRepo(
  pool: pg.Pool,
  feed: ChangeFeed,
  options: PgKeysOptions = {},
): Promise<KeysRepo> {
  const now = options.now ?? Date.now;
  const gap = options.refreshGapMs ?? 100;
  const hash = keyHasher(await loadOrCreatePgSecret(pool));
  const keyMap = createKeyMap(hash);
  const pendingTouches = new Map<string, number>();
  let version = 0;
  let loading: Promise<void> | undefined;
  let again = false;
  let lastStart = 0;

  const loadOnce = async () => {
    lastStart = now();
    const rows = (await q<KeyRow>(pool, 'SELECT * FROM api_keys ORDER BY created_ms, id')).rows;
    keyMap.replace(rows.map((r) => ({ key: toKey(r), hash: r.hash })));
    version++;
  };
  /** Reloads; a call while a reload runs gets a fresh one after it (it may predate the change). */
  const reload = (): Promise<void> => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      try {
        do {
          again = false;
          await loadOnce();
        } while (again);
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };
  const reloadQuietly = () =>
    reload().catch((err) => {
      options.onReloadError?.(err);
    });
  feed.on((topic) => {
    if (topic === 'keys' || topic === 'resync') void reloadQuietly();
  });
  await reload();

  const index: KeyIndex = {
    hasKeys: () => keyMap.any(),
    lookup: (presented) => keyMap.find(presented),
    check(presented) {
      const anyKeys = keyMap.any();
      return {
        hasKeys: anyKeys,
        key: presented === undefined || !anyKeys ? undefined : keyMap.find(presented),
      };
    },
    touch(id, at) {
      pendingTouches.set(id, at);
    },
    async refresh() {
      const before = version;
      const wait = lastStart + gap - now();
      if (wait > 0 && !loading) await new Promise((r) => setTimeout(r, wait));
      await reloadQuietly();
      // A reload that began before this call may predate the key: one more.
      if (version === before) await reloadQuietly();
      return version !== before;
    },
  };

  const afterWrite = async () => {
    await reloadQuietly();
  };

  return {
    index,
    async create(input: NewKeyInput) {
      const secret = generateKey();
      const id = `key_${randomBytes(8).toString('hex')}`;
      let row: KeyRow;
      try {
        row = await inTransaction(pool, async (c) => {
          const r = (
            await q<KeyRow>(
              c,
              `INSERT INTO api_keys (id, name, prefix, hash, created_ms, expires_ms, models, scopes, limits)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
              [
                id,
                input.name,
                displayPrefix(secret),
                hash(secret),
                now(),
                input.expiresAt ?? null,
                JSON.stringify(input.models ?? []),
                JSON.stringify(input.scopes ?? ['inference']),
                JSON.stringify(input.limits ?? {}),
              ],
            )
          ).rows[0] as KeyRow;
          await q(c, NOTIFY);
          return r;
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
          throw new Error(
            `An active key named "${input.name}" already exists; pick another name or revoke it first`,
          );
        throw err;
      }
      await afterWrite();
      return { key: toKey(row), secret };
    },
    async list() {
      return (await q<KeyRow>(pool, 'SELECT * FROM api_keys ORDER BY created_ms, id')).rows.map(toKey);
    },
    async revoke(idOrName) {
      const row = await inTransaction(pool, async (c) => {
        const r = (
          await q<KeyRow>(
            c,
            `UPDATE api_keys SET revoked_ms = $1
             WHERE revoked_ms IS NULL AND (id = $2 OR (name = $2 AND NOT EXISTS (SELECT 1 FROM api_keys WHERE id = $2)))
             RETURNING *`,
            [now(), idOrName],
          )
        ).rows[0];
        if (r) await q(c, NOTIFY);
        return r;
      });
      if (!row) return undefined;
      await afterWrite();
      return toKey(row);
    },
    async flush() {
      if (pendingTouches.size === 0) return;
      const entries = [...pendingTouches];
      pendingTouches.clear();
      try {
        await q(
          pool,
          `UPDATE api_keys k SET last_used_ms = GREATEST(COALESCE(k.last_used_ms, 0), v.at)
           FROM unnest($1::text[], $2::bigint[]) AS v(id, at) WHERE k.id = v.id`,
          [entries.map((e) => e[0]), entries.map((e) => e[1])],
        );
      } catch (err) {
        // Kept for the next flush (a newer use of the same key wins).
        for (const [id, at] of entries) if (!pendingTouches.has(id)) pendingTouches.set(id, at);
        throw err;
      }
    },
  };
}
