// Which accounts `start` serves: with -g/--github-token (or GH_TOKEN) that one account only
// (stored, so its cooldowns show in `accounts list`); else every enabled account in the data dir.
// A data dir from before the pool (a `github_token` file, no accounts) is migrated on first start;
// an empty one signs in with the device flow.
import type { Settings } from '../config/settings.js';
import type { GitHubApi } from '../github/api.js';
import { addAccount } from '../github/sign-in/add-account.js';
import type { Account } from '../store/accounts/types.js';
import type { StateStore } from '../store/state-store.js';
import type { Logger } from '../util/log.js';
import { deviceLogin } from './device-login.js';
import type { CliIO } from './io.js';

export interface StartAccounts {
  /** Serve only these (the -g shortcut); undefined: every enabled account. */
  only?: string[];
  /** The account shown in the banner. */
  first: Account;
  count: number;
}

export async function startAccounts(options: {
  settings: Settings;
  /** The token given with -g or GH_TOKEN (not the stored file). */
  explicitToken?: string;
  /** The token loaded from the flag, env or the stored github_token file (migrated once). */
  storedToken?: string;
  store: StateStore;
  api: GitHubApi;
  io: CliIO;
  log: Logger;
}): Promise<StartAccounts> {
  const { settings, store, api, io, log } = options;
  const add = (token: string) => addAccount(api, store.accounts, { token, githubUrl: settings.githubUrl });
  if (options.explicitToken) {
    const { account } = await add(options.explicitToken);
    return { only: [account.id], first: account, count: 1 };
  }
  let accounts = await store.accounts.list();
  if (accounts.length === 0) {
    let token = options.storedToken;
    if (token) {
      const { account } = await add(token);
      log.info(
        `migrated the stored github_token into the account store as account ${account.label} (${account.id})`,
      );
      io.err(`Migrated the stored GitHub token to account ${account.label} (${account.id}).`);
    } else {
      io.err('No GitHub account yet (flag, GH_TOKEN, stored or `accounts add`): signing in.');
      const login = await deviceLogin({ api, dataDir: settings.dataDir, io });
      io.err(`Token stored in ${login.file} (mode 0600).`);
      token = login.token;
      await add(token);
    }
    accounts = await store.accounts.list();
  }
  const enabled = accounts.filter((a) => a.enabled);
  if (enabled.length === 0)
    io.err(
      'Every account is disabled: requests fail until one is enabled (`copilot-gateway accounts enable <id>`).',
    );
  return { first: enabled[0] ?? accounts[0], count: enabled.length };
}
