// Builds the effective Settings: flags > env > config.json > defaults. `resolveSettings` is pure
// (tests feed it everything); `loadSettings` adds the two reads from the data dir.
import { githubApiUrlFor, trimUrl } from '../github/urls.js';
import { isPostgresUrl, redactDatabaseUrl } from '../store/postgres/url.js';
import { LOG_FORMATS, type LogFormat } from '../util/log.js';
import { settingsDefaults } from './defaults.js';
import { ConfigError } from './errors.js';
import { dataPaths, type Env, resolveDataDir } from './paths.js';
import { type ConfigFile, parseConfigFile } from './schema.js';
import type { AccountType, LoadedSettings } from './settings.js';
import { readConfigFile, readGithubToken } from './store.js';

/** What the CLI may pass; strings are validated here so every command reports them the same way. */
export interface SettingsFlags {
  port?: string | number;
  host?: string;
  githubToken?: string;
  accountType?: string;
  githubUrl?: string;
  githubApiUrl?: string;
  copilotApiUrl?: string;
  dataDir?: string;
  verbose?: boolean;
  showToken?: boolean;
  proxyEnv?: boolean;
  logFile?: string;
  noAuth?: boolean;
  /** Seconds between requests to Copilot (--rate-limit). */
  rateLimit?: string | number;
  wait?: boolean;
  manual?: boolean;
  /** Read the GitHub token from this file ("-": stdin, read by the CLI). */
  githubTokenFile?: string;
  logFormat?: string;
  /** Redis for the limits every instance shares (--redis-url). */
  redisUrl?: string;
  /** postgres://… (--database-url); else env COPILOT_GATEWAY_DATABASE_URL, config databaseUrl. */
  databaseUrl?: string;
}

export interface ResolveInput {
  flags: SettingsFlags;
  env: Env;
  file: ConfigFile;
  dataDir: string;
  /** The token from the data dir, used when neither flag nor env gives one. */
  storedGithubToken?: string;
}

const ACCOUNT_TYPES: readonly AccountType[] = ['individual', 'business', 'enterprise'];

function parsePort(value: string | number, source: string): number {
  const text = String(value).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`Invalid port "${value}" (${source}): expected an integer from 0 to 65535`);
  }
  return n;
}

function parseAccountType(value: string, source: string): AccountType {
  if ((ACCOUNT_TYPES as readonly string[]).includes(value)) return value as AccountType;
  throw new ConfigError(
    `Invalid account type "${value}" (${source}): expected one of ${ACCOUNT_TYPES.join(', ')}`,
  );
}

function parseLogFormat(value: string, source: string): LogFormat {
  if ((LOG_FORMATS as readonly string[]).includes(value)) return value as LogFormat;
  throw new ConfigError(
    `Invalid log format "${value}" (${source}): expected one of ${LOG_FORMATS.join(', ')}`,
  );
}

function parseUrl(value: string, name: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `Invalid ${name} "${value}" (${source}): expected a URL such as https://github.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`Invalid ${name} "${value}" (${source}): only http and https URLs are supported`);
  }
  return trimUrl(url.toString());
}

function parseSeconds(value: string | number, source: string): number {
  const n = Number(String(value).trim());
  if (!Number.isFinite(n) || n <= 0)
    throw new ConfigError(
      `Invalid ${source} "${value}": expected a positive number of seconds, e.g. 2 or 0.5`,
    );
  return n;
}

/** The first defined value with a label saying where it came from (for error messages). */
function pick<T>(...candidates: [T | undefined, string][]): [T, string] | undefined {
  for (const [value, source] of candidates) {
    if (value !== undefined && value !== '') return [value, source];
  }
  return undefined;
}

/** The state database URL: --database-url > env COPILOT_GATEWAY_DATABASE_URL > config databaseUrl. */
export function pickDatabaseUrl(flag: string | undefined, env: Env, file?: string): string | undefined {
  const p = pick(
    [flag?.trim(), '--database-url'],
    [env.COPILOT_GATEWAY_DATABASE_URL?.trim(), 'env COPILOT_GATEWAY_DATABASE_URL'],
    [file, 'config.json databaseUrl'],
  );
  if (!p) return undefined;
  if (!isPostgresUrl(p[0]))
    throw new ConfigError(
      `Invalid database URL "${redactDatabaseUrl(p[0])}" (${p[1]}): expected postgres://user:password@host:5432/database`,
    );
  return p[0];
}

export function resolveSettings(input: ResolveInput): LoadedSettings {
  const { flags, env, file } = input;
  const d = settingsDefaults();

  const portPick = pick<string | number>(
    [flags.port, '--port'],
    [env.PORT, 'env PORT'],
    [file.port, 'config.json port'],
  );
  const accountPick = pick(
    [flags.accountType, '--account-type'],
    [file.accountType, 'config.json accountType'],
  );
  const logFormatPick = pick([flags.logFormat, '--log-format'], [file.logFormat, 'config.json logFormat']);
  const githubUrlPick = pick([flags.githubUrl, '--github-url'], [file.githubUrl, 'config.json githubUrl']);
  const githubApiPick = pick(
    [flags.githubApiUrl, '--github-api-url'],
    [file.githubApiUrl, 'config.json githubApiUrl'],
  );
  const copilotPick = pick(
    [flags.copilotApiUrl, '--copilot-api-url'],
    [file.copilotApiUrl, 'config.json copilotApiUrl'],
  );

  const githubUrl = githubUrlPick ? parseUrl(githubUrlPick[0], 'GitHub URL', githubUrlPick[1]) : d.githubUrl;
  const githubApiUrl = githubApiPick
    ? parseUrl(githubApiPick[0], 'GitHub API URL', githubApiPick[1])
    : githubApiUrlFor(githubUrl);

  return {
    ...d,
    port: portPick ? parsePort(portPick[0], portPick[1]) : d.port,
    host: flags.host || env.HOST || file.host || d.host,
    githubToken: (flags.githubToken || env.GH_TOKEN || input.storedGithubToken)?.trim() || undefined,
    accountType: accountPick ? parseAccountType(accountPick[0], accountPick[1]) : d.accountType,
    githubUrl,
    githubApiUrl,
    copilotApiUrl: copilotPick ? parseUrl(copilotPick[0], 'Copilot API URL', copilotPick[1]) : undefined,
    dataDir: input.dataDir,
    databaseUrl: pickDatabaseUrl(flags.databaseUrl, env, file.databaseUrl),
    verbose: flags.verbose ?? file.verbose ?? d.verbose,
    showToken: flags.showToken ?? file.showToken ?? d.showToken,
    proxyEnv: flags.proxyEnv ?? file.proxyEnv ?? d.proxyEnv,
    logFile: flags.logFile ?? file.logFile,
    logFormat: logFormatPick ? parseLogFormat(logFormatPick[0], logFormatPick[1]) : d.logFormat,
    identity: { ...d.identity, ...file.identity },
    timeouts: { ...d.timeouts, ...file.timeouts },
    retry: { ...d.retry, ...file.retry },
    modelMapping: { ...d.modelMapping, ...file.modelMapping },
    smallModel: file.smallModel,
    anthropicApiKey: file.anthropicApiKey,
    anthropicApiUrl: file.anthropicApiUrl ? trimUrl(file.anthropicApiUrl) : d.anthropicApiUrl,
    heartbeatMs: file.heartbeatMs ?? d.heartbeatMs,
    modelsTtlSec: file.modelsTtlSec ?? d.modelsTtlSec,
    maxConcurrent: file.maxConcurrent ?? d.maxConcurrent,
    heapGrowthPercent: file.heapGrowthPercent ?? d.heapGrowthPercent,
    clients: { ...d.clients, ...file.clients },
    shutdownGraceMs: file.shutdownGraceMs ?? d.shutdownGraceMs,
    maxBodyBytes: file.maxBodyBytes ?? d.maxBodyBytes,
    responseStore: { ...d.responseStore, ...file.responseStore },
    allowedHosts: file.allowedHosts ?? d.allowedHosts,
    allowedOrigins: file.allowedOrigins ?? d.allowedOrigins,
    noAuth: flags.noAuth ?? d.noAuth,
    rateLimitSec:
      flags.rateLimit !== undefined ? parseSeconds(flags.rateLimit, '--rate-limit') : file.rateLimitSec,
    rateLimitWait: flags.wait ?? file.rateLimitWait ?? d.rateLimitWait,
    manual: flags.manual ?? d.manual,
    adminSessionTtlSec: file.adminSessionTtlSec ?? d.adminSessionTtlSec,
    pool: { ...d.pool, ...file.pool },
    metricsToken: file.metricsToken,
    tracing: file.tracing,
    redisUrl: redisUrlOf(flags.redisUrl, env.COPILOT_GATEWAY_REDIS_URL, file.redisUrl),
    redisKeyPrefix: file.redisKeyPrefix ?? d.redisKeyPrefix,
    usage: { ...d.usage, ...file.usage, prices: { ...d.usage.prices, ...file.usage?.prices } },
    contextManagement: {
      ...d.contextManagement,
      ...file.contextManagement,
      models: { ...d.contextManagement.models, ...file.contextManagement?.models },
    },
    extraPrompts: { ...d.extraPrompts, ...file.extraPrompts },
    reasoningEffort: { ...d.reasoningEffort, ...file.reasoningEffort },
  };
}

function redisUrlOf(flag?: string, env?: string, file?: string): string | undefined {
  const picked = pick(
    [flag, '--redis-url'],
    [env, 'env COPILOT_GATEWAY_REDIS_URL'],
    [file, 'config.json redisUrl'],
  );
  if (!picked) return undefined;
  const [url, source] = picked;
  if (!/^rediss?:\/\/[^/\s]/.test(url.trim()))
    throw new ConfigError(
      `Invalid Redis URL (${source}): expected redis://[:password@]host[:port][/db] or rediss://…`,
    );
  return url.trim();
}

/** Locates the data dir, reads config.json and the stored token, then layers everything. */
export function loadSettings(flags: SettingsFlags, env: Env): LoadedSettings {
  const dataDir = resolveDataDir(flags.dataDir, env);
  const paths = dataPaths(dataDir);
  const file = parseConfigFile(readConfigFile(paths), paths.configFile);
  const needStored = !flags.githubToken && !env.GH_TOKEN;
  return resolveSettings({
    flags,
    env,
    file,
    dataDir,
    storedGithubToken: needStored ? readGithubToken(paths) : undefined,
  });
}
