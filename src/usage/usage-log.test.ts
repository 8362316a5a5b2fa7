import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyMigrations } from '../store/sqlite/migrate.js';
import { openSqlite, type SqliteDb } from '../store/sqlite/open.js';
import { type BackendContext, describeEachBackend } from '../test-support/state-backends.js';
import { createLogger } from '../util/log.js';
import { outcome } from './__fixtures__/outcome.js';
import { USAGE_MIGRATIONS } from './log/migrations.js';
import { createSqliteUsageRepository } from './log/sqlite-usage-repository.js';
import { createPriceTable } from './price-table.js';
import { createUsageLog } from './usage-log.js';

const DAY = 86_400_000;
const retention = { maxAgeDays: 30, maxRows: 1_000_000, rollupMaxAgeDays: 400 };
const lines: string[] = [];
const log = createLogger({ level: 'warn', sink: (l) => lines.push(l) });
const open: { close(): unknown }[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const o of open.splice(0)) await o.close();
  lines.length = 0;
});

/** The usage log over a state store's usage repository (SQLite or PostgreSQL). */
async function setupOn(b: BackendContext) {
  const repo = (await b.store()).usage;
  const usage = createUsageLog({ repo, prices: createPriceTable(), retention, log, writer: {} });
  open.push(usage);
  return { repo, usage };
}

function setup(file = ':memory:', writer = {}) {
  const db = openSqlite(file);
  applyMigrations(db, USAGE_MIGRATIONS);
  const repo = createSqliteUsageRepository(db);
  const usage = createUsageLog({ repo, prices: createPriceTable(), retention, log, writer });
  open.push(usage, { close: () => db.close() });
  return { db, repo, usage };
}

describe('usage log', () => {
  it('migrates rollups written before they recorded the ingress (kept, ingress "")', async () => {
    const db = openSqlite(':memory:');
    open.push({ close: () => db.close() });
    applyMigrations(db, USAGE_MIGRATIONS.slice(0, 1));
    db.prepare(
      `INSERT INTO usage_daily VALUES (20000, 'gpt-5.5', 'k', 'a', 7, 1, 10, 0, 0, 5, 0, 900, 0, 0)`,
    ).run();
    applyMigrations(db, USAGE_MIGRATIONS);
    expect(db.prepare('SELECT ingress, requests, cost_nano FROM usage_daily').all()).toEqual([
      { ingress: '', requests: 7, cost_nano: 900 },
    ]);
    const repo = createSqliteUsageRepository(db);
    expect((await repo.summary('key', { excludeIngress: ['other'] }))[0]).toMatchObject({
      group: 'k',
      requests: 7,
    });
  });

  it('writes one row per record with reported, estimated and missing cost, 0600 on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-'));
    const { repo, usage } = setup(join(dir, 'state.db'));
    usage.subscriber(
      outcome({ costNanoAiu: 777, keyId: 'k1', accountId: 'a1', initiator: 'user', multiplier: 1 }),
    );
    usage.subscriber(
      outcome({
        resolvedModel: 'claude-sonnet-5',
        stream: true,
        changes: [{ kind: 'fallback', detail: 'x→y' }],
      }),
    );
    usage.subscriber(outcome({ resolvedModel: 'mystery-model' }));
    await usage.writer.flush();
    const rows = await repo.list({});
    expect(rows).toHaveLength(3);
    const [unknown, estimated, reported] = rows;
    expect(reported).toMatchObject({
      costNanoAiu: 777,
      costSource: 'reported',
      keyId: 'k1',
      accountId: 'a1',
      initiator: 'user',
      multiplier: 1,
    });
    expect(estimated).toMatchObject({
      costSource: 'estimate',
      costNanoAiu: (1000 * 2 + 100 * 10) * 1e5,
      stream: true,
    });
    expect(estimated.changes).toEqual([{ kind: 'fallback', detail: 'x→y' }]);
    expect(unknown.costSource).toBe('none');
    expect(unknown.costNanoAiu).toBeUndefined();
    expect(statSync(join(dir, 'state.db')).mode & 0o777).toBe(0o600);
  });

  it('flushes on its own within a second, and on close', async () => {
    vi.useFakeTimers();
    const { repo, usage } = setup();
    usage.subscriber(outcome());
    expect(await repo.count()).toBe(0); // the request path only queued it
    await vi.advanceTimersByTimeAsync(1000);
    expect(await repo.count()).toBe(1);
    usage.subscriber(outcome());
    await usage.close();
    expect(await repo.count()).toBe(2);
  });

  it('keeps requests alive while the database is locked, and writes the rows once it is free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-lock-'));
    const file = join(dir, 'state.db');
    const { repo, usage } = setup(file);
    const other: SqliteDb = new Database(file);
    open.push(other);
    other.exec('BEGIN IMMEDIATE'); // another process holds the write lock
    usage.subscriber(outcome());
    usage.subscriber(outcome());
    await expect(usage.writer.flush()).resolves.toBeUndefined();
    expect(usage.writer.stats()).toMatchObject({ queued: 2, written: 0, failedFlushes: 1, dropped: 0 });
    expect(lines.some((l) => l.includes('usage log write failed') && l.includes('locked'))).toBe(true);
    other.exec('COMMIT');
    await usage.writer.flush();
    expect(usage.writer.stats()).toMatchObject({ queued: 0, written: 2 });
    expect(await repo.count()).toBe(2);
  });

  it('drops the oldest rows past the queue bound when the database keeps refusing, and counts them', async () => {
    const db = openSqlite(':memory:');
    applyMigrations(db, USAGE_MIGRATIONS);
    const repo = createSqliteUsageRepository(db);
    const full = {
      ...repo,
      insert: async () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')),
    };
    const usage = createUsageLog({
      repo: full,
      prices: createPriceTable(),
      retention,
      log,
      writer: { maxQueued: 3 },
    });
    open.push(usage, { close: () => db.close() });
    for (let i = 0; i < 5; i++) usage.subscriber(outcome({ traceId: `t${i}` }));
    await usage.writer.flush();
    expect(usage.writer.stats()).toMatchObject({ queued: 3, dropped: 2, failedFlushes: 1 });
    expect(lines.filter((l) => l.includes('disk is full'))).toHaveLength(1);
  });
});

describeEachBackend('usage log queries', (b) => {
  it('filters the log by time, key and model, newest first, with paging', async () => {
    const { repo, usage } = await setupOn(b);
    const t0 = Date.UTC(2026, 9, 1);
    for (let i = 0; i < 10; i++) {
      usage.subscriber(
        outcome({
          startedAt: t0 + i * 3_600_000,
          keyId: i % 2 ? 'odd' : 'even',
          resolvedModel: i < 5 ? 'gpt-5.5' : 'gpt-5.4',
        }),
      );
    }
    await usage.writer.flush();
    expect((await repo.list({ keyId: 'odd' })).map((r) => r.tsMs)).toEqual(
      [9, 7, 5, 3, 1].map((i) => t0 + i * 3_600_000),
    );
    expect(await repo.list({ model: 'gpt-5.4', sinceMs: t0 + 7 * 3_600_000 })).toHaveLength(3);
    const page1 = await repo.list({ limit: 4 });
    const last = page1[3];
    const page2 = await repo.list({ limit: 4, before: { tsMs: last.tsMs, id: last.id as number } });
    expect(page2[0].tsMs).toBe(last.tsMs - 3_600_000);
    expect([...page1, ...page2].map((r) => r.tsMs)).toEqual(
      [...page1, ...page2].map((r) => r.tsMs).sort((a, b) => b - a),
    );
  });

  it('aggregates per day, model, key and account from the rollups', async () => {
    const { repo, usage } = await setupOn(b);
    const d1 = Date.UTC(2026, 9, 1, 10);
    usage.subscriber(outcome({ startedAt: d1, keyId: 'a', accountId: 'x', costNanoAiu: 1_000 }));
    usage.subscriber(
      outcome({ startedAt: d1 + 60_000, keyId: 'a', accountId: 'y', resolvedModel: 'gpt-5.4' }),
    );
    usage.subscriber(
      outcome({
        startedAt: d1 + DAY,
        keyId: 'b',
        accountId: 'x',
        status: 429,
        errorKind: 'rate_limit',
        usage: undefined,
      }),
    );
    usage.subscriber(outcome({ startedAt: d1 + DAY, keyId: 'b', resolvedModel: 'mystery' }));
    await usage.writer.flush();
    const byDay = await repo.summary('day');
    expect(byDay.map((d) => [d.group, d.requests, d.errors])).toEqual([
      ['2026-10-01', 2, 0],
      ['2026-10-02', 2, 1],
    ]);
    const estimate = (1000 * 2.5 + 100 * 15) * 1e5;
    expect(byDay[0]).toMatchObject({
      nanoAiu: 1_000 + estimate,
      estimatedNanoAiu: estimate,
      inputTokens: 2000,
      outputTokens: 200,
    });
    expect(byDay[1].unpricedRequests).toBe(1);
    const byKey = Object.fromEntries((await repo.summary('key')).map((g) => [g.group, g.requests]));
    expect(byKey).toEqual({ a: 2, b: 2 });
    const byAccount = Object.fromEntries((await repo.summary('account')).map((g) => [g.group, g.requests]));
    expect(byAccount).toEqual({ x: 2, y: 1, '': 1 });
    const byModel = await repo.summary('model', { sinceMs: d1 + DAY });
    expect(byModel.map((g) => g.group).sort()).toEqual(['gpt-5.5', 'mystery']);
    expect((await repo.costByKeySince(d1)).get('a')).toBe(1_000 + estimate);
  });

  it('leaves the admin API out of the daily summaries on request (ingress is in the rollup)', async () => {
    const { repo, usage } = await setupOn(b);
    const d1 = Date.UTC(2026, 9, 3, 10);
    usage.subscriber(outcome({ startedAt: d1, keyId: 'a' }));
    usage.subscriber(outcome({ startedAt: d1 + 1, keyId: 'a', ingress: 'anthropic' }));
    for (let i = 0; i < 3; i++)
      usage.subscriber(
        outcome({
          startedAt: d1 + 2 + i,
          ingress: 'other',
          requestedModel: undefined,
          resolvedModel: undefined,
          usage: undefined,
        }),
      );
    await usage.writer.flush();
    const requests = async (by: 'day' | 'model' | 'key', skip?: string[]) =>
      Object.fromEntries(
        (await repo.summary(by, { sinceMs: d1, excludeIngress: skip })).map((g) => [g.group, g.requests]),
      );
    expect(await requests('day')).toEqual({ '2026-10-03': 5 });
    expect(await requests('day', ['other'])).toEqual({ '2026-10-03': 2 });
    expect(await requests('key')).toEqual({ a: 2, '': 3 });
    expect(await requests('key', ['other'])).toEqual({ a: 2 });
    expect(await requests('model', ['other'])).toEqual({ 'gpt-5.5': 2 });
  });

  it('prunes rows by age and by count, rollups by their own age', async () => {
    const { repo, usage } = await setupOn(b);
    const now = Date.UTC(2026, 9, 20);
    for (const age of [40, 31, 10, 2, 1, 0]) usage.subscriber(outcome({ startedAt: now - age * DAY }));
    await usage.writer.flush();
    expect(await repo.prune({ maxAgeDays: 30, maxRows: 3, rollupMaxAgeDays: 35 }, now)).toEqual({
      rows: 3,
      rollups: 1,
    });
    const left = await repo.list({});
    expect(left.map((r) => (now - r.tsMs) / DAY)).toEqual([0, 1, 2]);
    expect((await repo.summary('day')).length).toBe(5); // rollups outlive rows
  });
});
