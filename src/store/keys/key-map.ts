// The in-memory hash → key map behind every backend's KeyIndex (SQLite, PostgreSQL): rebuilt from
// the stored rows, looked up by the presented key's HMAC with a constant-time final comparison.
import type { ApiKey, IndexedKey } from '../keys.js';
import { type KeyHasher, looksLikeKey, sameHash } from './key-material.js';
import { compileModelGlobs } from './model-globs.js';

export interface KeyMap {
  /** Replaces the whole map with these keys (revoked ones included). */
  replace(rows: readonly { key: ApiKey; hash: Buffer }[]): void;
  /** Whether any key was ever created. */
  any(): boolean;
  find(presented: string): IndexedKey | undefined;
}

export function createKeyMap(hash: KeyHasher): KeyMap {
  let byHash = new Map<string, { key: IndexedKey; hash: Buffer }>();
  let anyKeys = false;
  return {
    replace(rows) {
      const next = new Map<string, { key: IndexedKey; hash: Buffer }>();
      for (const r of rows)
        next.set(r.hash.toString('hex'), {
          key: { ...r.key, allowsModel: compileModelGlobs(r.key.models) },
          hash: r.hash,
        });
      byHash = next;
      anyKeys = rows.length > 0;
    },
    any: () => anyKeys,
    find(presented) {
      // Not shaped like one of our keys: nothing to hash (and no work for garbage).
      if (!looksLikeKey(presented)) return undefined;
      // The map is keyed by the HMAC, so its lookup reveals nothing about the key's bytes; the
      // final comparison is constant-time all the same.
      const mac = hash(presented);
      const hit = byHash.get(mac.toString('hex'));
      return hit && sameHash(hit.hash, mac) ? hit.key : undefined;
    },
  };
}
