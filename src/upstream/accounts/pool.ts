// The account pool: an in-memory view of the store's accounts (rebuilt when the store's change
// stamp moves, so `accounts add/remove/disable/set` from the CLI take effect on the next request),
// each member with its own Copilot token source, client identity, dispatcher and model catalogue.
// Cooldowns and failures are written through to the store (`accounts list` shows them; another
// gateway instance sharing the store sees them). Conversation affinity lives in the store only.
import { type Dispatcher, ProxyAgent } from 'undici';
import type { Settings } from '../../config/settings.js';
import { createGitHubApi, type GitHubApi } from '../../github/api.js';
import { tokenSourceFor } from '../../github/sign-in/token-source.js';
import type { CopilotTokenSource } from '../../github/types.js';
import { githubApiUrlFor, trimUrl } from '../../github/urls.js';
import type { AccountStateChannel, AccountStateMessage } from '../../shared-limits/types.js';
import type { Account, AccountLimits, AccountState } from '../../store/accounts/types.js';
import type { StateStore } from '../../store/state-store.js';
import type { Logger } from '../../util/log.js';
import { accountIdentity, identityHeaderBlock } from '../identity.js';
import type { ModelCatalogue } from '../model-catalogue.js';
import { readLimits } from './limits.js';
import { type MemberView, type SelectOptions, selectAccount, soonestReturn, usable } from './select.js';

export interface PoolMember extends MemberView {
  account: Account;
  tokens: CopilotTokenSource;
  github: GitHubApi;
  /** Identity headers of this account (device/machine ids, rotating session id). */
  identity: () => Record<string, string>;
  dispatcher: Dispatcher;
  catalogue?: ModelCatalogue;
  reason?: string;
  failing: boolean;
  limits?: AccountLimits;
  /** When limits were last written to the store / read off an answer. */
  limitsWrittenAt: number;
  limitsReadAt: number;
}

export interface AccountPoolDeps {
  store: StateStore;
  settings: Settings;
  /** The shared keep-alive dispatcher (accounts with a proxy get their own). */
  dispatcher: Dispatcher;
  log: Logger;
  /** Serve only these account ids (the `-g` one-account shortcut). */
  only?: readonly string[];
  now?: () => number;
}

export interface AccountUsageView {
  id: string;
  label: string;
  login: string;
  kind: Account['kind'];
  enabled: boolean;
  state: 'active' | 'cooling' | 'failing' | 'disabled';
  cooldownUntil?: string;
  reason?: string;
  limits?: AccountLimits;
}

export interface AccountPool {
  /**
   * The members in priority order, refreshed when the store changed. `checked`: the caller's
   * request asked the store for other processes' commits already (AccountsRepo.changeStamp).
   */
  members(checked?: boolean): Promise<readonly PoolMember[]>;
  select(
    members: readonly PoolMember[],
    o: Omit<SelectOptions, 'strategy' | 'cursor'>,
  ): PoolMember | undefined;
  /** Whether some account could serve (without moving the round-robin cursor). */
  anyUsable(
    members: readonly PoolMember[],
    o: Omit<SelectOptions, 'strategy' | 'cursor' | 'prefer'>,
  ): boolean;
  soonestReturn(members: readonly PoolMember[], model: string | undefined): number | undefined;
  /**
   * Loads the catalogues of members that have not listed their models yet; undefined (nothing to
   * wait for, no turn of the event loop) when every one has.
   */
  ensureModels(members: readonly PoolMember[]): Promise<void> | undefined;
  coolDown(m: PoolMember, until: number, reason: string, failing?: boolean): void;
  /**
   * Called with every answer an account gave: limits, served count, and (an inference answer,
   * `inference` true, the default) the end of its cooldown.
   */
  noteAnswer(
    m: PoolMember,
    headers: Record<string, string | string[] | undefined>,
    inference?: boolean,
  ): void;
  affinity(key: string): Promise<string | undefined>;
  bind(key: string, accountId: string): Promise<void>;
  /** Rebuilds every member's identity headers from settings.identity (changed while running). */
  refreshIdentity(): void;
  /**
   * Tells every other instance of this pool's cooldowns and failures, and applies theirs at once
   * (Redis pub/sub: src/shared-limits/account-states.ts).
   */
  shareStates(channel: AccountStateChannel): void;
  /** Sets the per-member catalogue factory (the catalogue needs the client the pool serves). */
  useCatalogues(make: (accountId: string) => ModelCatalogue): void;
  usage(): Promise<AccountUsageView[]>;
  now(): number;
  close(): Promise<void>;
}

const LIMITS_WRITE_MS = 30_000;
const LIMITS_READ_MS = 1_000;
const SERVED_FLUSH_MS = 5_000;

export function createAccountPool(deps: AccountPoolDeps): AccountPool {
  const { store, settings, log } = deps;
  const now = deps.now ?? Date.now;
  let base = identityHeaderBlock(settings.identity);
  const cursor = { n: 0 };
  let list: PoolMember[] = [];
  let byId = new Map<string, PoolMember>();
  let stamp = '';
  let loading: Promise<void> | undefined;
  let makeCatalogue: ((id: string) => ModelCatalogue) | undefined;
  let shared: AccountStateChannel | undefined;
  /** The latest cooldown other instances told of, per account (kept across reloads). */
  const told = new Map<string, AccountStateMessage>();
  const unflushed = new Map<string, number>();
  const flushTimer = setInterval(() => void flushServed(), SERVED_FLUSH_MS);
  flushTimer.unref();

  const persist = (what: string, p: Promise<unknown>) =>
    p.catch((err) => log.warn(`account store: could not ${what}: ${(err as Error).message}`));

  async function flushServed(): Promise<void> {
    const entries = [...unflushed];
    unflushed.clear();
    for (const [id, n] of entries) {
      if (byId.has(id)) await persist('record served requests', store.accounts.addServed(id, n));
    }
  }

  function githubFor(a: Account, dispatcher: Dispatcher): GitHubApi {
    const same = trimUrl(a.githubUrl) === trimUrl(settings.githubUrl);
    return createGitHubApi({
      githubUrl: a.githubUrl,
      githubApiUrl: same ? settings.githubApiUrl : githubApiUrlFor(a.githubUrl),
      identity: settings.identity,
      dispatcher,
      log,
    });
  }

  async function build(a: Account, state: AccountState | undefined): Promise<PoolMember | undefined> {
    const token = await store.accounts.token(a.id);
    if (!token) {
      log.warn(`account ${a.label} has no stored token; skipping it`);
      return undefined;
    }
    const dispatcher = a.proxyUrl
      ? new ProxyAgent({ uri: a.proxyUrl, connect: { timeout: settings.timeouts.connectMs } })
      : deps.dispatcher;
    const github = githubFor(a, dispatcher);
    const m: PoolMember = {
      id: a.id,
      priority: a.priority,
      enabled: a.enabled,
      cooldownUntil: 0,
      served: 0,
      models: undefined,
      account: a,
      tokens: tokenSourceFor({ kind: a.kind, api: github, githubToken: token, apiUrl: a.copilotApiUrl, log }),
      github,
      identity: accountIdentity(base, a, now),
      dispatcher,
      failing: false,
      limitsWrittenAt: 0,
      limitsReadAt: 0,
    };
    applyState(m, state);
    m.catalogue = makeCatalogue?.(a.id);
    return m;
  }

  function applyState(m: PoolMember, s: AccountState | undefined): void {
    m.cooldownUntil = s?.cooldownUntil ?? 0;
    m.reason = s?.reason;
    m.failing = s?.failing ?? false;
    m.served = (s?.served ?? 0) + (unflushed.get(m.id) ?? 0);
    m.limits = s?.limits ?? m.limits;
    const t = told.get(m.id);
    if (t && t.until > now() && t.until > m.cooldownUntil) {
      m.cooldownUntil = t.until;
      m.reason = t.reason;
      m.failing = t.failing ?? false;
    }
  }

  /** Another instance cooled an account down, or saw it answer again. */
  function applyTold(msg: AccountStateMessage): void {
    if (msg.cleared) told.delete(msg.accountId);
    else told.set(msg.accountId, msg);
    const m = byId.get(msg.accountId);
    if (!m) return;
    if (msg.cleared) {
      if (m.cooldownUntil === 0 && !m.failing) return;
      m.cooldownUntil = 0;
      m.reason = undefined;
      m.failing = false;
      log.info(`account ${m.account.label} is back (seen by another instance)`);
      return;
    }
    if (msg.until <= now() || msg.until <= m.cooldownUntil) return;
    m.cooldownUntil = msg.until;
    m.reason = msg.reason;
    m.failing = msg.failing ?? false;
    log.warn(
      `account ${m.account.label} ${m.failing ? 'is failing' : 'cools down'} (${msg.reason}, seen by another instance) until ${new Date(msg.until).toISOString()}`,
    );
  }

  async function reload(): Promise<void> {
    const next = store.accounts.changeStamp();
    const [accounts, states] = await Promise.all([store.accounts.list(), store.accounts.states()]);
    const stateOf = new Map(states.map((s) => [s.accountId, s]));
    const only = deps.only ? new Set(deps.only) : undefined;
    const fresh: PoolMember[] = [];
    const keep = new Set<string>();
    for (const a of accounts) {
      if (only && !only.has(a.id)) continue;
      const old = byId.get(a.id);
      if (old && old.account.proxyUrl === a.proxyUrl && old.account.githubUrl === a.githubUrl) {
        old.account = a;
        old.priority = a.priority;
        old.enabled = a.enabled;
        applyState(old, stateOf.get(a.id));
        fresh.push(old);
        keep.add(a.id);
        continue;
      }
      const m = await build(a, stateOf.get(a.id));
      if (m) {
        fresh.push(m);
        keep.add(a.id);
      }
    }
    const freshById = new Map(fresh.map((m) => [m.id, m]));
    for (const old of list) if (freshById.get(old.id) !== old) retire(old);
    if (list.length > 0 || fresh.length > 0) {
      const added = fresh.filter((m) => !byId.has(m.id)).map((m) => m.account.label);
      const removed = list.filter((m) => !keep.has(m.id)).map((m) => m.account.label);
      if (stamp !== '' && (added.length > 0 || removed.length > 0))
        log.info(
          `accounts changed: ${added.length ? `+${added.join(', +')} ` : ''}${removed.length ? `-${removed.join(', -')}` : ''}`.trim(),
        );
    }
    list = fresh;
    byId = freshById;
    stamp = next;
  }

  function retire(m: PoolMember): void {
    m.tokens.stop();
    if (m.dispatcher !== deps.dispatcher) void m.dispatcher.close().catch(() => {});
  }

  return {
    async members(checked) {
      if (store.accounts.changeStamp(checked) !== stamp) {
        loading ??= reload().finally(() => {
          loading = undefined;
        });
        await loading;
      }
      return list;
    },
    select(members, o) {
      return selectAccount(members, {
        model: o.model,
        now: o.now,
        exclude: o.exclude,
        prefer: o.prefer,
        strategy: settings.pool.strategy,
        cursor,
      });
    },
    anyUsable(members, o) {
      return members.some((m) => usable(m, o));
    },
    soonestReturn(members, model) {
      return soonestReturn(members, model, now());
    },
    ensureModels(members) {
      const pending = members.filter((m) => m.models === undefined && m.enabled && m.catalogue);
      if (pending.length === 0) return undefined;
      return Promise.all(
        pending.map(async (m) => {
          try {
            const models = await (m.catalogue as ModelCatalogue).list(`models-${m.account.label}`);
            m.models = new Set(models.map((x) => x.id));
          } catch (err) {
            log.debug(`could not load the models of account ${m.account.label}: ${(err as Error).message}`);
          }
        }),
      ).then(() => undefined);
    },
    coolDown(m, until, reason, failing = false) {
      m.cooldownUntil = until;
      m.reason = reason;
      m.failing = failing;
      log.warn(
        `account ${m.account.label} ${failing ? 'is failing' : 'cools down'} (${reason}) until ${new Date(until).toISOString()}`,
      );
      void persist('record a cooldown', store.accounts.coolDown(m.id, until, reason, failing));
      shared?.publish({ accountId: m.id, until, reason, failing });
    },
    noteAnswer(m, headers, inference = true) {
      const t = now();
      m.served++;
      unflushed.set(m.id, (unflushed.get(m.id) ?? 0) + 1);
      if (inference && (m.cooldownUntil !== 0 || m.failing)) {
        log.info(`account ${m.account.label} is back`);
        m.cooldownUntil = 0;
        m.reason = undefined;
        m.failing = false;
        void persist('clear a cooldown', store.accounts.clearCooldown(m.id));
        told.delete(m.id);
        shared?.publish({ accountId: m.id, until: 0, cleared: true });
      }
      // Parsed at most once a second per account: the figures move slowly and parsing costs µs.
      if (t - m.limitsReadAt < LIMITS_READ_MS) return;
      m.limitsReadAt = t;
      const limits = readLimits(headers, t);
      if (limits) {
        m.limits = limits;
        if (t - m.limitsWrittenAt > LIMITS_WRITE_MS) {
          m.limitsWrittenAt = t;
          void persist('record limits', store.accounts.recordLimits(m.id, limits));
        }
      }
    },
    async affinity(key) {
      return (await store.affinity.get(key))?.accountId;
    },
    async bind(key, accountId) {
      const ttl = settings.pool.affinityTtlSec;
      const current = await store.affinity.get(key);
      // Re-written only when it moves or half its TTL has passed: one read per turn, rare writes.
      if (current?.accountId === accountId && current.expiresAt - now() > (ttl * 1000) / 2) return;
      await store.affinity.set(key, accountId, ttl);
    },
    refreshIdentity() {
      base = identityHeaderBlock(settings.identity);
      for (const m of list) m.identity = accountIdentity(base, m.account, now);
    },
    shareStates(channel) {
      shared = channel;
      channel.subscribe(applyTold);
    },
    useCatalogues(make) {
      makeCatalogue = make;
      for (const m of list) m.catalogue ??= make(m.id);
    },
    async usage() {
      const members = await this.members();
      const t = now();
      const all = await store.accounts.list();
      return all.map((a) => {
        const m = members.find((x) => x.id === a.id);
        const cooling = m !== undefined && m.cooldownUntil > t;
        return {
          id: a.id,
          label: a.label,
          login: a.login,
          kind: a.kind,
          enabled: a.enabled,
          state: !a.enabled ? 'disabled' : m?.failing && cooling ? 'failing' : cooling ? 'cooling' : 'active',
          cooldownUntil: cooling && m ? new Date(m.cooldownUntil).toISOString() : undefined,
          reason: cooling ? m?.reason : undefined,
          limits: m?.limits,
        };
      });
    },
    now,
    async close() {
      clearInterval(flushTimer);
      await flushServed();
      for (const m of list) retire(m);
      list = [];
      byId = new Map();
    },
  };
}
