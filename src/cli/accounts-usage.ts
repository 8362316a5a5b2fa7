// `usage` over the account store: every account's plan and quotas (asked of GitHub, one call per
// account) and the session / weekly limits the gateway last read from Copilot's headers.
import type { Settings } from '../config/settings.js';
import { createGitHubApi } from '../github/api.js';
import { githubApiUrlFor, trimUrl } from '../github/urls.js';
import { openStateStore, stateStoreExists } from '../store/open-state-store.js';
import type { Logger } from '../util/log.js';
import { accountRows } from './accounts-format.js';
import { formatUsage } from './format-usage.js';
import type { CliIO } from './io.js';

/** Prints every account's usage; returns undefined when the data dir has no accounts. */
export async function runAccountsUsage(
  settings: Settings,
  log: Logger,
  io: CliIO,
  json: boolean,
): Promise<number | undefined> {
  if (!stateStoreExists(settings)) return undefined;
  const store = await openStateStore(settings);
  try {
    const accounts = await store.accounts.list();
    if (accounts.length === 0) return undefined;
    const rows = accountRows(accounts, await store.accounts.states(), Date.now());
    const out: unknown[] = [];
    for (const [i, a] of accounts.entries()) {
      const api = createGitHubApi({
        githubUrl: a.githubUrl,
        githubApiUrl:
          trimUrl(a.githubUrl) === trimUrl(settings.githubUrl)
            ? settings.githubApiUrl
            : githubApiUrlFor(a.githubUrl),
        identity: settings.identity,
        log,
      });
      const row = rows[i];
      let usage: unknown;
      let error: string | undefined;
      try {
        usage = await api.getCopilotUsage((await store.accounts.token(a.id)) ?? '');
      } catch (err) {
        error = (err as Error).message;
      }
      if (json) {
        out.push({ ...row, usage, error });
        continue;
      }
      const limits = row.limits;
      const pct = (w?: { remaining?: number; resetAt?: number }) =>
        w?.remaining === undefined
          ? 'unknown'
          : `${w.remaining}% left${w.resetAt ? `, resets ${new Date(w.resetAt).toISOString()}` : ''}`;
      io.out(`== ${a.label} (${a.login}, ${row.state}${row.until ? ` until ${row.until}` : ''}) ==`);
      io.out(error ? `Usage unavailable: ${error}` : formatUsage(usage as Parameters<typeof formatUsage>[0]));
      io.out(`Session limit:  ${pct(limits?.session)}`);
      io.out(`Weekly limit:   ${pct(limits?.weekly)}`);
      io.out('');
    }
    if (json) io.out(JSON.stringify(out, null, 2));
    return 0;
  } finally {
    await store.close();
  }
}
