// A stored key row (the same columns in SQLite and PostgreSQL) and the ApiKey it describes.
import type { ApiKey, KeyScope } from '../keys.js';

export interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  hash: Buffer;
  created_ms: number;
  last_used_ms: number | null;
  expires_ms: number | null;
  revoked_ms: number | null;
  models: string;
  scopes: string;
  limits: string;
}

export function toKey(r: KeyRow): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_ms,
    lastUsedAt: r.last_used_ms ?? undefined,
    expiresAt: r.expires_ms ?? undefined,
    revokedAt: r.revoked_ms ?? undefined,
    models: JSON.parse(r.models) as string[],
    scopes: JSON.parse(r.scopes) as KeyScope[],
    limits: JSON.parse(r.limits) as ApiKey['limits'],
  };
}
