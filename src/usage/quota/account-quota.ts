// Per account: the last usage headers Copilot sent (session and weekly limits, quota snapshots),
// kept as raw strings on the hot path and parsed when read; and the copilot_internal/user quota,
// fetched on a schedule (never after each request). The account pool supplies the accounts.
import type { CopilotUsage } from '../../github/usage-types.js';
import { parseUsageHeader, type UsageHeader } from '../../upstream/usage-header.js';
import type { Logger } from '../../util/log.js';

export interface QuotaAccount {
  id: string;
  /** GET copilot_internal/user for this account. */
  fetchUser: () => Promise<CopilotUsage>;
}

export interface AccountQuotaView {
  account: string;
  session?: UsageHeader;
  weekly?: UsageHeader;
  /** x-quota-snapshot-<pool> headers, by pool. */
  snapshots: Record<string, UsageHeader>;
  headersAt?: number;
  /** The last copilot_internal/user reply, and when it came. */
  user?: CopilotUsage;
  userAt?: number;
  /** The last fetch failure (the previous reply is kept). */
  userError?: string;
}

export interface AccountQuota {
  /** Call with each Copilot response's headers (cheap: stores strings). */
  observeHeaders(account: string, headers: Record<string, string | string[] | undefined>): void;
  view(account: string): AccountQuotaView;
  views(): AccountQuotaView[];
  /** Fetches copilot_internal/user for every account now (the schedule calls this). */
  refresh(): Promise<void>;
  /** Starts the schedule (first fetch at once); stop() ends it. */
  start(): void;
  stop(): void;
}

interface Entry {
  headers: Record<string, string>;
  headersAt?: number;
  user?: CopilotUsage;
  userAt?: number;
  userError?: string;
}

const SNAPSHOT = 'x-quota-snapshot-';

export function createAccountQuota(options: {
  accounts: () => QuotaAccount[] | Promise<QuotaAccount[]>;
  intervalMs: number;
  log: Logger;
  now?: () => number;
}): AccountQuota {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  /** The account ids of the last refresh (when the account list is only known asynchronously). */
  let lastIds: string[] = [];

  const entry = (id: string) => {
    let e = entries.get(id);
    if (!e) {
      e = { headers: {} };
      entries.set(id, e);
    }
    return e;
  };

  function view(account: string): AccountQuotaView {
    const e = entry(account);
    const snapshots: Record<string, UsageHeader> = {};
    for (const [name, value] of Object.entries(e.headers)) {
      if (!name.startsWith(SNAPSHOT)) continue;
      const parsed = parseUsageHeader(value);
      if (parsed) snapshots[name.slice(SNAPSHOT.length)] = parsed;
    }
    return {
      account,
      session: parseUsageHeader(e.headers['x-usage-ratelimit-session']),
      weekly: parseUsageHeader(e.headers['x-usage-ratelimit-weekly']),
      snapshots,
      headersAt: e.headersAt,
      user: e.user,
      userAt: e.userAt,
      userError: e.userError,
    };
  }

  async function refreshAll(): Promise<void> {
    const accounts = await options.accounts();
    lastIds = accounts.map((a) => a.id);
    await Promise.all(
      accounts.map(async (a) => {
        const e = entry(a.id);
        try {
          e.user = await a.fetchUser();
          e.userAt = now();
          e.userError = undefined;
        } catch (err) {
          e.userError = err instanceof Error ? err.message : String(err);
          options.log.warn('quota fetch failed', { account: a.id, error: e.userError });
        }
      }),
    );
  }

  return {
    observeHeaders(account, headers) {
      let e: Entry | undefined;
      for (const name in headers) {
        if (
          name !== 'x-usage-ratelimit-session' &&
          name !== 'x-usage-ratelimit-weekly' &&
          !name.startsWith(SNAPSHOT)
        )
          continue;
        const v = headers[name];
        if (typeof v !== 'string') continue;
        e ??= entry(account);
        e.headers[name] = v;
        e.headersAt = now();
      }
    },
    view,
    views: () => {
      const listed = options.accounts();
      const ids = Array.isArray(listed) ? listed.map((a) => a.id) : lastIds;
      return [...new Set([...ids, ...entries.keys()])].map(view);
    },
    refresh() {
      // One round at a time: a slow GitHub never stacks fetches.
      running ??= refreshAll().finally(() => {
        running = undefined;
      });
      return running;
    },
    start() {
      if (timer) return;
      void this.refresh();
      timer = setInterval(() => void this.refresh(), options.intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
