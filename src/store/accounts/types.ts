// The accounts repository: GitHub accounts the pool serves from, their secrets (kept apart from
// what list methods return) and their live state (cooldowns, failures, last limit headers), which
// lives in the store so `accounts list` beside a running gateway shows it and several gateway
// instances could share it.

/** How the account signed in (one module per kind in src/github/sign-in/). */
export type AccountKind = 'oauth' | 'pat' | 'app';

export interface Account {
  id: string;
  label: string;
  login: string;
  kind: AccountKind;
  /** https://github.com, a ghe.com tenant or a GHES host. */
  githubUrl: string;
  /** Copilot plan read from the token (sku) or `individual` until known. */
  accountType?: string;
  /** The Copilot API host learned from the token's endpoints.api (or GraphQL for PATs). */
  copilotApiUrl?: string;
  /** Lower is tried first. */
  priority: number;
  enabled: boolean;
  /** Outbound proxy for this account's Copilot traffic. */
  proxyUrl?: string;
  /** Client identity generated once per account, never shared (copilot-upstream-2026.md §4). */
  deviceId: string;
  machineId: string;
  createdAt: number;
}

export interface NewAccount {
  label?: string;
  login: string;
  kind: AccountKind;
  githubUrl: string;
  token: string;
  accountType?: string;
  copilotApiUrl?: string;
  priority?: number;
  proxyUrl?: string;
}

/** What the last Copilot answer said about an account's limits (x-usage-ratelimit-*, quota). */
export interface LimitWindow {
  /** Percent left. */
  remaining?: number;
  /** Epoch ms. */
  resetAt?: number;
}

export interface AccountLimits {
  session?: LimitWindow;
  weekly?: LimitWindow;
  premium?: LimitWindow;
  /** Epoch ms of the answer these were read from. */
  seenAt: number;
}

export interface AccountState {
  accountId: string;
  /** Not used until then (epoch ms). */
  cooldownUntil?: number;
  /** Why it cools down or fails, e.g. "user_weekly_rate_limited". */
  reason?: string;
  /** A failure a cooldown alone will not cure (revoked token...): shown as "failing". */
  failing?: boolean;
  limits?: AccountLimits;
  /** Requests served (least-used selection). */
  served: number;
}

/** Fields left undefined stay as they are; `proxyUrl: ''` removes the proxy. */
export type AccountPatch = Partial<
  Pick<Account, 'label' | 'priority' | 'enabled' | 'proxyUrl' | 'copilotApiUrl' | 'accountType' | 'login'>
>;

export interface AccountsRepo {
  list(): Promise<Account[]>;
  /** By id or label. */
  find(idOrLabel: string): Promise<Account | undefined>;
  add(input: NewAccount): Promise<Account>;
  update(id: string, patch: AccountPatch): Promise<void>;
  remove(id: string): Promise<boolean>;
  /** The secret GitHub token (never part of list()). */
  token(id: string): Promise<string | undefined>;
  states(): Promise<AccountState[]>;
  coolDown(id: string, until: number, reason: string, failing?: boolean): Promise<void>;
  clearCooldown(id: string): Promise<void>;
  recordLimits(id: string, limits: AccountLimits): Promise<void>;
  /** Adds `n` to the served counter (batched by callers). */
  addServed(id: string, n: number): Promise<void>;
  /**
   * A cheap change stamp: it differs whenever accounts were added, removed or changed by anyone
   * (this process or another one). In-memory, no I/O beyond one PRAGMA: the hot-path check.
   * `checked`: the caller's request already asked the store whether another process committed
   * (its API-key check, after the request arrived): the stamp may reuse that answer.
   */
  changeStamp(checked?: boolean): string;
}
