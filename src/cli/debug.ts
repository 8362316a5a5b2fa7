// `copilot-gateway debug`: what a bug report needs. Never the token itself: only whether one is
// stored, where, and with which file mode.
import { existsSync, readFileSync } from 'node:fs';
import { resolveSettings } from '../config/load.js';
import { dataPaths, type Env, resolveDataDir } from '../config/paths.js';
import { parseConfigFile } from '../config/schema.js';
import { githubTokenFileMode, readConfigFile, readGithubToken } from '../config/store.js';
import { describeStateLocation, openStateStore, stateStoreExists } from '../store/open-state-store.js';
import { table } from './format-usage.js';
import type { CliIO } from './io.js';
import { describeError } from './report-error.js';
import { type StateFlags, stateLocation } from './state-location.js';

export interface DebugInfo {
  version: string;
  runtime: { node: string; platform: string; arch: string };
  paths: { dataDir: string; githubToken: string; config: string };
  githubToken: { stored: boolean; fileMode: string | null; fromEnv: boolean };
  config: { exists: boolean; valid: boolean; error?: string };
  github?: { githubUrl: string; githubApiUrl: string; accountType: string };
  /** The account store: how many accounts, and whether each has a token (never the token). */
  accounts?: { label: string; kind: string; enabled: boolean; hasToken: boolean }[];
  /** Where the state lives (gateway.db path, or the PostgreSQL URL without its password). */
  stateStore?: string;
}

export function packageVersion(): string {
  // Two levels up from both src/cli and dist/cli.
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function collectDebugInfo(flags: { dataDir?: string }, env: Env): DebugInfo {
  const dataDir = resolveDataDir(flags.dataDir, env);
  const paths = dataPaths(dataDir);
  const mode = githubTokenFileMode(paths);
  let stored = false;
  try {
    stored = readGithubToken(paths) !== undefined;
  } catch {
    stored = mode !== undefined;
  }
  const info: DebugInfo = {
    version: packageVersion(),
    runtime: { node: process.version, platform: process.platform, arch: process.arch },
    paths: { dataDir, githubToken: paths.githubTokenFile, config: paths.configFile },
    githubToken: {
      stored,
      fileMode: mode === undefined ? null : `0${mode.toString(8)}`,
      fromEnv: Boolean(env.GH_TOKEN),
    },
    config: { exists: existsSync(paths.configFile), valid: true },
  };
  try {
    const file = parseConfigFile(readConfigFile(paths), paths.configFile);
    const s = resolveSettings({ flags: {}, env: {}, file, dataDir });
    info.github = { githubUrl: s.githubUrl, githubApiUrl: s.githubApiUrl, accountType: s.accountType };
  } catch (err) {
    info.config.valid = false;
    info.config.error = describeError(err);
  }
  return info;
}

/** Adds the account store's summary when the data dir has one (never creates it). */
export async function addAccountsInfo(info: DebugInfo, databaseUrl?: string): Promise<DebugInfo> {
  const where = { dataDir: info.paths.dataDir, databaseUrl };
  if (!stateStoreExists(where)) return info;
  info.stateStore = describeStateLocation(where);
  const store = await openStateStore(where);
  try {
    const list = await store.accounts.list();
    info.accounts = await Promise.all(
      list.map(async (a) => ({
        label: a.label,
        kind: a.kind,
        enabled: a.enabled,
        hasToken: (await store.accounts.token(a.id)) !== undefined,
      })),
    );
  } finally {
    await store.close();
  }
  return info;
}

export async function runDebug(flags: StateFlags & { json?: boolean }, env: Env, io: CliIO): Promise<number> {
  const info = collectDebugInfo(flags, env);
  let databaseUrl: string | undefined;
  try {
    databaseUrl = stateLocation(flags, env).databaseUrl;
  } catch {
    // An invalid config.json is already reported in info.config.
  }
  await addAccountsInfo(info, databaseUrl);
  if (flags.json) {
    io.out(JSON.stringify(info, null, 2));
    return 0;
  }
  const t = info.githubToken;
  const tokenLine = t.stored
    ? `stored (file mode ${t.fileMode}${t.fileMode !== '0600' ? ', should be 0600: run `copilot-gateway auth` again' : ''})`
    : 'not stored (run `copilot-gateway auth`)';
  const rows = [
    ['Version', info.version],
    ['Node', `${info.runtime.node} (${info.runtime.platform}/${info.runtime.arch})`],
    ['Data dir', info.paths.dataDir],
    ['GitHub token', `${tokenLine}${t.fromEnv ? '; GH_TOKEN is set and takes precedence' : ''}`],
    ['Token file', info.paths.githubToken],
    [
      'Config file',
      `${info.paths.config} (${info.config.exists ? (info.config.valid ? 'valid' : `invalid: ${info.config.error}`) : 'absent'})`,
    ],
  ];
  if (info.stateStore) rows.push(['State store', info.stateStore]);
  if (info.github) {
    rows.push(
      ['GitHub', `${info.github.githubUrl} (API ${info.github.githubApiUrl})`],
      ['Account type', info.github.accountType],
    );
  }
  if (info.accounts)
    rows.push([
      'Accounts',
      info.accounts.length === 0
        ? 'none'
        : info.accounts
            .map(
              (a) =>
                `${a.label} (${a.kind}${a.enabled ? '' : ', disabled'}${a.hasToken ? ', token stored' : ', NO token'})`,
            )
            .join(', '),
    ]);
  io.out(table(rows.map(([k, v]) => [`${k}:`, v])).join('\n'));
  return 0;
}
