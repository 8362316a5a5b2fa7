// `copilot-gateway keys create|list|revoke`: manage the gateway's API keys in the data dir's
// state store. A running gateway sees every change at once (see src/store/sqlite/keys-repo.ts).
import { ConfigError } from '../config/errors.js';
import type { Env } from '../config/paths.js';
import { parseExpiry } from '../store/keys/duration.js';
import { type ApiKey, KEY_SCOPES, type KeyLimits, type KeyScope } from '../store/keys.js';
import { openStateStore } from '../store/open-state-store.js';
import type { CliIO } from './io.js';
import { type StateFlags, stateLocation } from './state-location.js';

export interface KeysCreateFlags extends StateFlags {
  name: string;
  models?: string;
  scopes?: string;
  rpm?: string;
  concurrent?: string;
  tpm?: string;
  dailyCredits?: string;
  monthlyCredits?: string;
  expires?: string;
  json?: boolean;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0)
    throw new ConfigError(`Invalid ${flag} "${value}": expected a positive whole number`);
  return n;
}

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new ConfigError(`Invalid ${flag} "${value}": expected a positive number`);
  return n;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseScopes(value: string | undefined): KeyScope[] {
  const scopes = list(value ?? 'inference');
  for (const s of scopes)
    if (!(KEY_SCOPES as readonly string[]).includes(s))
      throw new ConfigError(`Unknown scope "${s}": use ${KEY_SCOPES.join(', ')} (comma-separated)`);
  if (scopes.length === 0) throw new ConfigError(`--scopes needs at least one of ${KEY_SCOPES.join(', ')}`);
  return scopes as KeyScope[];
}

function openState(flags: StateFlags, env: Env) {
  return openStateStore(stateLocation(flags, env));
}

export async function runKeysCreate(flags: KeysCreateFlags, env: Env, io: CliIO): Promise<number> {
  const name = flags.name.trim();
  if (!name || name.length > 100) throw new ConfigError('--name must be 1 to 100 characters');
  const limits: KeyLimits = {
    rpm: positiveInt(flags.rpm, '--rpm'),
    concurrent: positiveInt(flags.concurrent, '--concurrent'),
    tpm: positiveInt(flags.tpm, '--tpm'),
    dailyCredits: positiveNumber(flags.dailyCredits, '--daily-credits'),
    monthlyCredits: positiveNumber(flags.monthlyCredits, '--monthly-credits'),
  };
  for (const k of Object.keys(limits) as (keyof KeyLimits)[]) if (limits[k] === undefined) delete limits[k];
  let expiresAt: number | undefined;
  try {
    expiresAt = flags.expires ? parseExpiry(flags.expires, Date.now()) : undefined;
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const input = { name, models: list(flags.models), scopes: parseScopes(flags.scopes), limits, expiresAt };
  const state = await openState(flags, env);
  try {
    const { key, secret } = await state.keys.create(input).catch((err: Error) => {
      throw new ConfigError(err.message);
    });
    if (flags.json) {
      io.out(JSON.stringify({ ...key, key: secret }));
    } else {
      io.out(secret);
      io.err(`Created key "${key.name}" (${key.id}). This is the only time the key is shown: store it now.`);
    }
    return 0;
  } finally {
    await state.close();
  }
}

function status(k: ApiKey, now: number): string {
  if (k.revokedAt !== undefined) return 'revoked';
  if (k.expiresAt !== undefined && k.expiresAt <= now) return 'expired';
  return 'active';
}

const date = (ms: number | undefined) =>
  ms === undefined ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export async function runKeysList(
  flags: StateFlags & { json?: boolean },
  env: Env,
  io: CliIO,
): Promise<number> {
  const state = await openState(flags, env);
  try {
    const keys = await state.keys.list();
    const now = Date.now();
    if (flags.json) {
      io.out(JSON.stringify(keys.map((k) => ({ ...k, status: status(k, now) }))));
      return 0;
    }
    if (keys.length === 0) {
      io.out('No API keys. Create one with `copilot-gateway keys create --name NAME`.');
      return 0;
    }
    const rows = keys.map((k) => [
      k.id,
      k.name,
      `${k.prefix}…`,
      status(k, now),
      k.scopes.join(','),
      k.models.length ? k.models.join(',') : '*',
      date(k.createdAt),
      date(k.lastUsedAt),
      date(k.expiresAt),
    ]);
    const head = ['ID', 'NAME', 'PREFIX', 'STATUS', 'SCOPES', 'MODELS', 'CREATED', 'LAST USED', 'EXPIRES'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [head, ...rows])
      io.out(
        r
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      );
    return 0;
  } finally {
    await state.close();
  }
}

export async function runKeysRevoke(
  idOrName: string,
  flags: StateFlags,
  env: Env,
  io: CliIO,
): Promise<number> {
  const state = await openState(flags, env);
  try {
    const key = await state.keys.revoke(idOrName);
    if (!key)
      throw new ConfigError(
        `No active key with the id or name "${idOrName}"; see \`copilot-gateway keys list\``,
      );
    io.out(`Revoked key "${key.name}" (${key.id}); a running gateway refuses it from now on.`);
    return 0;
  } finally {
    await state.close();
  }
}
