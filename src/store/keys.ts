// The API-key repository: what a key is, and what the gateway and the CLI may do with keys.
// Only a keyed hash of each key and a short display prefix are stored (see ./keys/key-material.ts).
// The hot path reads an in-memory index the repository keeps fresh (KeyIndex); everything else
// returns Promises so a server database can implement it later.

export type KeyScope = 'inference' | 'admin:read' | 'admin:write';
export const KEY_SCOPES: readonly KeyScope[] = ['inference', 'admin:read', 'admin:write'];

/** Per-key limits. rpm, concurrent and tpm are enforced by the gateway middleware; the credit
 * budgets are metered by the usage log. */
export interface KeyLimits {
  rpm?: number;
  concurrent?: number;
  tpm?: number;
  dailyCredits?: number;
  monthlyCredits?: number;
}

export interface ApiKey {
  /** Stable id (`key_…`), safe to show and log. */
  id: string;
  name: string;
  /** The first characters of the key (`cgw_Ab12Cd`), for recognising it; not a secret. */
  prefix: string;
  createdAt: number;
  lastUsedAt?: number;
  expiresAt?: number;
  revokedAt?: number;
  /** Globs over Copilot model ids; empty means every model. */
  models: string[];
  scopes: KeyScope[];
  limits: KeyLimits;
}

export interface NewKeyInput {
  name: string;
  models?: string[];
  scopes?: KeyScope[];
  limits?: KeyLimits;
  expiresAt?: number;
}

/** A key as the request path sees it: its allow-list compiled once. */
export interface IndexedKey extends ApiKey {
  allowsModel(modelId: string): boolean;
}

/** The in-memory view the request path reads (synchronous by design, see the file comment). */
export interface KeyIndex {
  /** Whether any key was ever created (revoked ones included: revoking every key does not reopen
   * the gateway to unauthenticated loopback clients). */
  hasKeys(): boolean;
  /** The key whose hash matches, or undefined. Picks up changes other processes committed. */
  lookup(presented: string): IndexedKey | undefined;
  /** hasKeys() and lookup() in one freshness check (what each request needs). */
  check(presented: string | undefined): { hasKeys: boolean; key?: IndexedKey };
  /** Notes a use; written to the database in batches, not per request. */
  touch(id: string, at: number): void;
  /**
   * Backends shared by several instances (PostgreSQL): reload from the database now, for a key
   * presented that the index does not know (created on another instance a moment ago, before its
   * change notice arrived). Throttled; resolves true when the index changed. Absent: nothing to do.
   */
  refresh?(): Promise<boolean>;
}

export interface KeysRepo {
  /** Creates a key; `secret` is the only time the key itself exists outside the client. */
  create(input: NewKeyInput): Promise<{ key: ApiKey; secret: string }>;
  /** Every key, revoked ones included; never the key itself. */
  list(): Promise<ApiKey[]>;
  /** Revokes an active key by id or name; undefined when no active key matched. */
  revoke(idOrName: string): Promise<ApiKey | undefined>;
  readonly index: KeyIndex;
  /** Writes pending last-used times. */
  flush(): Promise<void>;
}
