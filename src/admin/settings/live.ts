// Which config.json settings the running gateway picks up at once, and applying them. A setting is
// live when every reader looks it up per request (ctx.settings.x, or an object of ctx.settings it
// holds, which is changed in place); the rest are read once when the gateway is built (dispatcher
// timeouts, listeners, limits) and wait for a restart. Identity headers are live because the pool
// rebuilds its members' header blocks when told (refreshIdentity, called by changeSettings).
import { resolveSettings } from '../../config/load.js';
import type { ConfigFile } from '../../config/schema.js';
import type { Settings } from '../../config/settings.js';

export type ApplyMode = 'live' | 'restart';
export type SettingKey = Exclude<keyof ConfigFile, '$schema'>;

/** Every config.json key (tsc refuses a new key without a decision here). */
export const APPLY: Record<SettingKey, ApplyMode> = {
  port: 'restart',
  host: 'restart',
  accountType: 'restart',
  githubUrl: 'restart',
  githubApiUrl: 'restart',
  copilotApiUrl: 'restart',
  verbose: 'restart',
  showToken: 'restart',
  proxyEnv: 'restart',
  logFile: 'restart',
  logFormat: 'restart',
  identity: 'live',
  timeouts: 'restart',
  retry: 'live',
  modelMapping: 'live',
  smallModel: 'live',
  anthropicApiKey: 'live',
  anthropicApiUrl: 'live',
  heartbeatMs: 'live',
  modelsTtlSec: 'restart',
  maxConcurrent: 'restart',
  heapGrowthPercent: 'restart',
  shutdownGraceMs: 'live',
  clients: 'restart',
  maxBodyBytes: 'live',
  allowedHosts: 'restart',
  allowedOrigins: 'restart',
  rateLimitSec: 'restart',
  rateLimitWait: 'restart',
  adminSessionTtlSec: 'restart',
  contextManagement: 'live',
  extraPrompts: 'live',
  reasoningEffort: 'live',
  responseStore: 'restart',
  pool: 'live',
  metricsToken: 'restart',
  usage: 'restart',
  databaseUrl: 'restart',
  tracing: 'restart',
  redisUrl: 'restart',
  redisKeyPrefix: 'restart',
};

/** Never returned by the API: only whether they are set. */
export const SECRET_KEYS = ['anthropicApiKey', 'metricsToken'] as const satisfies readonly SettingKey[];

export const SETTING_KEYS = Object.keys(APPLY) as SettingKey[];

/** The keys whose value differs between two versions of config.json. */
export function changedKeys(before: ConfigFile, after: ConfigFile): SettingKey[] {
  return SETTING_KEYS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function replaceInPlace(target: Record<string, unknown>, value: Record<string, unknown>): void {
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, value);
}

/**
 * Puts the live keys' new effective values (config.json layered over the defaults, as `start`
 * does) into the running settings. Objects are changed in place: readers may hold them.
 */
export function applyLive(settings: Settings, file: ConfigFile, keys: readonly SettingKey[]): SettingKey[] {
  const fresh = resolveSettings({ flags: {}, env: {}, file, dataDir: settings.dataDir }) as unknown as Record<
    string,
    unknown
  >;
  const target = settings as unknown as Record<string, unknown>;
  const applied: SettingKey[] = [];
  for (const key of keys) {
    if (APPLY[key] !== 'live') continue;
    const next = fresh[key];
    const current = target[key];
    if (current && next && typeof current === 'object' && typeof next === 'object')
      replaceInPlace(current as Record<string, unknown>, next as Record<string, unknown>);
    else target[key] = next;
    applied.push(key);
  }
  return applied;
}
