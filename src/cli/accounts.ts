// `copilot-gateway accounts add|list|remove|enable|disable|set`: the account store in the data
// dir. Every form is non-interactive except `add` without --github-token (the device flow).
// A running gateway sees the changes on its next request.
import { ConfigError } from '../config/errors.js';
import { loadSettings, type SettingsFlags } from '../config/load.js';
import type { Env } from '../config/paths.js';
import { runDeviceFlow } from '../github/device-flow.js';
import { addAccount } from '../github/sign-in/add-account.js';
import type { Account } from '../store/accounts/types.js';
import { openStateStore } from '../store/open-state-store.js';
import type { StateStore } from '../store/state-store.js';
import { createLogger } from '../util/log.js';
import { accountRows, formatAccounts } from './accounts-format.js';
import { createGitHubClient } from './github-client.js';
import type { CliIO } from './io.js';
import { readTokenInput } from './token-input.js';

export interface AccountsFlags extends SettingsFlags {
  label?: string;
  priority?: string;
  proxy?: string;
  json?: boolean;
}

function parsePriority(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ConfigError(`--priority must be an integer (got "${value}")`);
  return n;
}

function parseProxy(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const u = new URL(value);
    if (!/^(https?|socks5?):$/.test(u.protocol)) throw new Error();
  } catch {
    throw new ConfigError(`--proxy must be an http(s) URL such as http://proxy:3128 (got "${value}")`);
  }
  return value;
}

async function withStore<T>(
  flags: AccountsFlags,
  env: Env,
  fn: (store: StateStore) => Promise<T>,
): Promise<T> {
  const settings = loadSettings({ ...flags, githubToken: undefined }, { ...env, GH_TOKEN: undefined });
  const store = await openStateStore(settings);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function target(store: StateStore, idOrLabel: string): Promise<Account> {
  const a = await store.accounts.find(idOrLabel);
  if (!a)
    throw new ConfigError(
      `No account "${idOrLabel}": \`copilot-gateway accounts list\` shows ids and labels`,
    );
  return a;
}

export async function runAccountsAdd(flags: AccountsFlags, env: Env, io: CliIO): Promise<number> {
  const settings = loadSettings({ ...flags, githubToken: undefined }, { ...env, GH_TOKEN: undefined });
  const priority = parsePriority(flags.priority);
  const proxyUrl = parseProxy(flags.proxy);
  const log = createLogger({ level: settings.verbose ? 'debug' : 'warn', file: settings.logFile });
  const client = createGitHubClient(settings, log);
  const store = await openStateStore(settings);
  try {
    let token =
      flags.githubToken?.trim() ||
      (flags.githubTokenFile !== undefined ? await readTokenInput(flags.githubTokenFile) : undefined);
    if (!token) {
      token = await runDeviceFlow({
        api: client.api,
        onCode: (code) => {
          io.err(
            `Open ${code.verificationUri} and enter the code ${code.userCode} (valid ${Math.round(code.expiresIn / 60)} min).`,
          );
          io.err('Waiting for you to authorize in the browser…');
        },
      });
    }
    const { account, added } = await addAccount(client.api, store.accounts, {
      token,
      githubUrl: settings.githubUrl,
      label: flags.label,
      priority,
      proxyUrl,
    });
    if (flags.json)
      io.out(
        JSON.stringify({
          id: account.id,
          label: account.label,
          login: account.login,
          kind: account.kind,
          added,
        }),
      );
    else
      io.out(
        added
          ? `Added account ${account.id} (${account.label}): ${account.login}, ${account.kind} token.`
          : `That token is already account ${account.id} (${account.label}): ${account.login}.`,
      );
    return 0;
  } finally {
    await store.close();
    await client.close();
  }
}

export function runAccountsList(flags: AccountsFlags, env: Env, io: CliIO): Promise<number> {
  return withStore(flags, env, async (store) => {
    const rows = accountRows(await store.accounts.list(), await store.accounts.states(), Date.now());
    io.out(flags.json ? JSON.stringify(rows, null, 2) : formatAccounts(rows));
    return 0;
  });
}

export function runAccountsRemove(
  idOrLabel: string,
  flags: AccountsFlags,
  env: Env,
  io: CliIO,
): Promise<number> {
  return withStore(flags, env, async (store) => {
    const a = await target(store, idOrLabel);
    await store.accounts.remove(a.id);
    await store.affinity.dropAccount(a.id);
    io.out(`Removed account ${a.id} (${a.label}).`);
    return 0;
  });
}

export function runAccountsEnable(
  idOrLabel: string,
  enabled: boolean,
  flags: AccountsFlags,
  env: Env,
  io: CliIO,
): Promise<number> {
  return withStore(flags, env, async (store) => {
    const a = await target(store, idOrLabel);
    await store.accounts.update(a.id, { enabled });
    // Enabling also lifts a recorded cooldown or failure: the operator says it is fine again.
    if (enabled) await store.accounts.clearCooldown(a.id);
    io.out(`${enabled ? 'Enabled' : 'Disabled'} account ${a.id} (${a.label}).`);
    return 0;
  });
}

export function runAccountsSet(
  idOrLabel: string,
  flags: AccountsFlags,
  env: Env,
  io: CliIO,
): Promise<number> {
  return withStore(flags, env, async (store) => {
    const a = await target(store, idOrLabel);
    const priority = parsePriority(flags.priority);
    const proxyUrl = parseProxy(flags.proxy);
    if (priority === undefined && flags.label === undefined && proxyUrl === undefined)
      throw new ConfigError('Nothing to set: pass --priority N, --label L or --proxy URL');
    if (flags.label !== undefined && flags.label !== a.label && (await store.accounts.find(flags.label)))
      throw new ConfigError(`An account labelled ${flags.label} exists already`);
    await store.accounts.update(a.id, { priority, label: flags.label, proxyUrl });
    io.out(`Updated account ${a.id} (${flags.label ?? a.label}).`);
    return 0;
  });
}
