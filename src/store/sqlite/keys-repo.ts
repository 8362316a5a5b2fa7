// API keys in SQLite. The request path reads an in-memory index (hash → key) that is rebuilt
// when `PRAGMA data_version` says another connection (the `keys` CLI) committed, or after this
// connection's own writes; so a key created or revoked while the gateway runs counts at once,
// at the cost of one cheap pragma per request (./data-version.ts; the account pool reuses that
// answer for the same request). Last-used times are batched in memory.
import { randomBytes } from 'node:crypto';
import { createKeyMap } from '../keys/key-map.js';
import { displayPrefix, generateKey, type KeyHasher } from '../keys/key-material.js';
import { type KeyRow as Row, toKey } from '../keys/key-row.js';
import type { KeyIndex, KeyPatch, KeysRepo, NewKeyInput } from '../keys.js';
import { createDataVersion, type DataVersion } from './data-version.js';
import type { SqliteMigration } from './migrate.js';
import type { SqliteDb } from './open.js';

export const KEYS_MIGRATIONS: readonly SqliteMigration[] = [
  {
    id: 'keys-001-create',
    up: (db) =>
      db.exec(`CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        prefix TEXT NOT NULL,
        hash BLOB NOT NULL UNIQUE,
        created_ms INTEGER NOT NULL,
        last_used_ms INTEGER,
        expires_ms INTEGER,
        revoked_ms INTEGER,
        models TEXT NOT NULL DEFAULT '[]',
        scopes TEXT NOT NULL DEFAULT '["inference"]',
        limits TEXT NOT NULL DEFAULT '{}'
      );
      CREATE UNIQUE INDEX api_keys_active_name ON api_keys(name) WHERE revoked_ms IS NULL;`),
  },
];

export interface SqliteKeysOptions {
  hash: KeyHasher;
  now?: () => number;
  /** The connection's change signal, shared with the other repositories (default: its own). */
  dataVersion?: DataVersion;
}

export function createSqliteKeysRepo(db: SqliteDb, options: SqliteKeysOptions): KeysRepo {
  const now = options.now ?? Date.now;
  const all = db.prepare('SELECT * FROM api_keys ORDER BY created_ms, id');
  const dataVersion = options.dataVersion ?? createDataVersion(db);
  const insert = db.prepare(`INSERT INTO api_keys
    (id, name, prefix, hash, created_ms, expires_ms, models, scopes, limits)
    VALUES (@id, @name, @prefix, @hash, @created_ms, @expires_ms, @models, @scopes, @limits)`);
  const revokeById = db.prepare('UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL');
  const activeByName = db.prepare('SELECT id FROM api_keys WHERE name = ? AND revoked_ms IS NULL').pluck();
  const byId = db.prepare('SELECT * FROM api_keys WHERE id = ?');
  const touchStmt = db.prepare(
    'UPDATE api_keys SET last_used_ms = max(coalesce(last_used_ms, 0), ?) WHERE id = ?',
  );

  const keyMap = createKeyMap(options.hash);
  let seenVersion: unknown;
  let stale = true;
  const pendingTouches = new Map<string, number>();

  const reload = () => keyMap.replace((all.all() as Row[]).map((r) => ({ key: toKey(r), hash: r.hash })));
  const fresh = () => {
    const v = dataVersion.read();
    if (stale || v !== seenVersion) {
      seenVersion = v;
      stale = false;
      reload();
    }
  };
  const find = keyMap.find;

  const index: KeyIndex = {
    hasKeys() {
      fresh();
      return keyMap.any();
    },
    lookup(presented) {
      fresh();
      return find(presented);
    },
    check(presented) {
      fresh();
      const anyKeys = keyMap.any();
      return { hasKeys: anyKeys, key: presented === undefined || !anyKeys ? undefined : find(presented) };
    },
    touch(id, at) {
      pendingTouches.set(id, at);
    },
  };

  const flushTouches = db.transaction(() => {
    for (const [id, at] of pendingTouches) touchStmt.run(at, id);
    pendingTouches.clear();
  });

  return {
    index,
    async create(input: NewKeyInput) {
      const secret = generateKey();
      const row = {
        id: `key_${randomBytes(8).toString('hex')}`,
        name: input.name,
        prefix: displayPrefix(secret),
        hash: options.hash(secret),
        created_ms: now(),
        expires_ms: input.expiresAt ?? null,
        models: JSON.stringify(input.models ?? []),
        scopes: JSON.stringify(input.scopes ?? ['inference']),
        limits: JSON.stringify(input.limits ?? {}),
      };
      try {
        insert.run(row);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
          throw new Error(
            `An active key named "${input.name}" already exists; pick another name or revoke it first`,
          );
        throw err;
      }
      stale = true;
      return { key: toKey(byId.get(row.id) as Row), secret };
    },
    async list() {
      return (all.all() as Row[]).map(toKey);
    },
    async revoke(idOrName) {
      const row = byId.get(idOrName) as Row | undefined;
      const id = row
        ? row.revoked_ms === null
          ? row.id
          : undefined
        : (activeByName.get(idOrName) as string | undefined);
      if (!id) return undefined;
      revokeById.run(now(), id);
      stale = true;
      return toKey(byId.get(id) as Row);
    },
    async update(id: string, patch: KeyPatch) {
      const row = byId.get(id) as Row | undefined;
      if (!row || row.revoked_ms !== null) return undefined;
      const sets: string[] = [];
      const values: unknown[] = [];
      const set = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        values.push(value);
      };
      if (patch.name !== undefined) set('name', patch.name);
      if (patch.models !== undefined) set('models', JSON.stringify(patch.models));
      if (patch.scopes !== undefined) set('scopes', JSON.stringify(patch.scopes));
      if (patch.limits !== undefined) set('limits', JSON.stringify(patch.limits));
      if (patch.expiresAt !== undefined) set('expires_ms', patch.expiresAt);
      if (sets.length > 0) {
        try {
          db.prepare(`UPDATE api_keys SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
            throw new Error(`An active key named "${patch.name}" already exists; pick another name`);
          throw err;
        }
        stale = true;
      }
      return toKey(byId.get(id) as Row);
    },
    async flush() {
      if (pendingTouches.size > 0) flushTouches();
    },
  };
}
