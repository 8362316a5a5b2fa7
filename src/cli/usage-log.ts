// `copilot-gateway usage log` and `usage summary`: read the usage log in the data dir's state
// database (read-only, beside a running gateway: WAL readers never block its writer).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/errors.js';
import type { Env } from '../config/paths.js';
import { openSqlite } from '../store/sqlite/open.js';
import { createSqliteUsageRepository } from '../usage/log/sqlite-usage-repository.js';
import type { SummaryDimension, UsageAggregate, UsageRepository, UsageRow } from '../usage/log/types.js';
import { NANO_PER_CREDIT } from '../usage/price-table.js';
import { table } from './format-usage.js';
import type { CliIO } from './io.js';
import { type StateFlags, stateLocation, withStateStore } from './state-location.js';

export interface UsageLogFlags extends StateFlags {
  since?: string;
  key?: string;
  model?: string;
  limit?: string;
  json?: boolean;
}

export interface UsageSummaryFlags extends StateFlags {
  by?: string;
  since?: string;
  json?: boolean;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `24h`, `7d`, or an ISO date/time → epoch ms. */
export function parseSince(value: string, nowMs = Date.now()): number {
  const rel = /^(\d+)([mhd])$/.exec(value.trim());
  if (rel) return nowMs - Number(rel[1]) * UNITS[rel[2]];
  const abs = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && Number.isFinite(abs)) return abs;
  throw new ConfigError(
    `--since: expected a duration like 30m, 24h or 7d, or a date like 2026-10-01 (got "${value}")`,
  );
}

async function withRepository<T>(
  flags: StateFlags,
  env: Env,
  fn: (repo: UsageRepository) => Promise<T>,
): Promise<T | undefined> {
  const where = stateLocation(flags, env);
  if (where.databaseUrl) return withStateStore(where, (store) => fn(store.usage));
  const file = join(where.dataDir, 'gateway.db');
  if (!existsSync(file)) return undefined;
  const db = openSqlite(file, { readonly: true });
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'usage_log'").get();
    if (!has) return undefined;
    return fn(createSqliteUsageRepository(db)).finally(() => db.close());
  } catch (err) {
    db.close();
    throw err;
  }
}

function credits(nano: number | undefined): string {
  if (nano === undefined) return '-';
  const c = nano / NANO_PER_CREDIT;
  return c === 0 ? '0' : c < 0.01 ? c.toFixed(4) : c.toFixed(2);
}

function rowCost(r: UsageRow): string {
  if (r.costSource === 'none') return r.inputTokens + r.outputTokens > 0 ? 'no price' : '-';
  return r.costSource === 'estimate' ? `~${credits(r.costNanoAiu)}` : credits(r.costNanoAiu);
}

export function formatLog(rows: UsageRow[]): string {
  const head = [
    'Time (UTC)',
    'Key',
    'Account',
    'Model',
    'Route',
    'Status',
    'In',
    'Cached',
    'Out',
    'Credits',
    'ms',
  ];
  const body = rows.map((r) => [
    new Date(r.tsMs).toISOString().slice(0, 19).replace('T', ' '),
    r.keyId ?? '-',
    r.accountId ?? '-',
    r.resolvedModel ?? r.requestedModel ?? '-',
    `${r.ingress}→${r.egress ?? '-'}${r.stream ? ' (stream)' : ''}`,
    r.errorKind ? `${r.status} ${r.errorKind}` : String(r.status),
    String(r.inputTokens),
    String(r.cachedInputTokens),
    String(r.outputTokens),
    rowCost(r),
    String(r.durationMs),
  ]);
  return [
    ...table([head, ...body]),
    '',
    'Credits: 1 AI Credit = $0.01; ~ marks an estimate from the price table.',
  ].join('\n');
}

export function formatSummary(by: SummaryDimension, groups: UsageAggregate[]): string {
  const head = [
    by === 'day' ? 'Day' : by[0].toUpperCase() + by.slice(1),
    'Requests',
    'Errors',
    'Input',
    'Cached',
    'Output',
    'Credits',
    'Estimated',
    'Unpriced',
  ];
  const body = groups.map((g) => [
    g.group === '' ? '(none)' : g.group,
    String(g.requests),
    String(g.errors),
    String(g.inputTokens),
    String(g.cachedInputTokens),
    String(g.outputTokens),
    credits(g.nanoAiu),
    credits(g.estimatedNanoAiu),
    String(g.unpricedRequests),
  ]);
  const total = groups.reduce((n, g) => n + g.nanoAiu, 0);
  return [
    ...table([head, ...body]),
    '',
    `Total: ${credits(total)} AI Credits ($${(total / NANO_PER_CREDIT / 100).toFixed(2)})`,
  ].join('\n');
}

const EMPTY = 'No usage recorded yet: the gateway writes it to gateway.db in the data dir (see --data-dir).';

export async function runUsageLog(flags: UsageLogFlags, env: Env, io: CliIO): Promise<number> {
  const sinceMs = parseSince(flags.since ?? '24h');
  const limit = flags.limit === undefined ? 100 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new ConfigError(`--limit: expected a whole number from 1 to 10000 (got "${flags.limit}")`);
  }
  const rows = await withRepository(flags, env, (repo) =>
    repo.list({ sinceMs, keyId: flags.key, model: flags.model, limit }),
  );
  if (flags.json) io.out(JSON.stringify(rows ?? [], null, 2));
  else if (rows === undefined) io.out(EMPTY);
  else io.out(rows.length === 0 ? 'No requests match.' : formatLog(rows));
  return 0;
}

const DIMENSIONS: SummaryDimension[] = ['day', 'model', 'key', 'account'];

export async function runUsageSummary(flags: UsageSummaryFlags, env: Env, io: CliIO): Promise<number> {
  const by = (flags.by ?? 'day') as SummaryDimension;
  if (!DIMENSIONS.includes(by)) {
    throw new ConfigError(`--by: expected one of ${DIMENSIONS.join(', ')} (got "${flags.by}")`);
  }
  const sinceMs = flags.since === undefined ? undefined : parseSince(flags.since);
  const groups = await withRepository(flags, env, (repo) => repo.summary(by, { sinceMs }));
  if (flags.json) io.out(JSON.stringify(groups ?? [], null, 2));
  else if (groups === undefined) io.out(EMPTY);
  else io.out(groups.length === 0 ? 'No requests match.' : formatSummary(by, groups));
  return 0;
}

/** For `usage`: what the usage log says this UTC month cost (undefined without a log). */
export async function monthCreditsLine(
  flags: StateFlags,
  env: Env,
  nowMs = Date.now(),
): Promise<string | undefined> {
  const d = new Date(nowMs);
  const since = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const groups = await withRepository(flags, env, (repo) => repo.summary('account', { sinceMs: since }));
  if (!groups || groups.length === 0) return undefined;
  const total = groups.reduce((n, g) => n + g.nanoAiu, 0);
  const estimated = groups.reduce((n, g) => n + g.estimatedNanoAiu, 0);
  const requests = groups.reduce((n, g) => n + g.requests, 0);
  const perAccount = groups
    .filter((g) => g.group !== '')
    .map((g) => `${g.group} ${credits(g.nanoAiu)}`)
    .join(', ');
  return [
    `Credits this month (usage log): ${credits(total)} AI Credits ($${(total / NANO_PER_CREDIT / 100).toFixed(2)}) over ${requests} requests${estimated > 0 ? `, ~${credits(estimated)} of it estimated` : ''}`,
    ...(perAccount ? [`  by account: ${perAccount}`] : []),
  ].join('\n');
}
