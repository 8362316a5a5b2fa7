import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../config/paths.js';
import { writeGithubToken } from '../config/store.js';
import { startEmulator } from '../emulator/index.js';
import { applyMigrations } from '../store/sqlite/migrate.js';
import { openSqlite } from '../store/sqlite/open.js';
import { outcome } from '../usage/__fixtures__/outcome.js';
import { costOf } from '../usage/cost.js';
import { USAGE_MIGRATIONS } from '../usage/log/migrations.js';
import { rowFromOutcome } from '../usage/log/row-from-outcome.js';
import { createSqliteUsageRepository } from '../usage/log/sqlite-usage-repository.js';
import { createPriceTable } from '../usage/price-table.js';
import { runCli } from './test-helpers.js';
import { parseSince } from './usage-log.js';

let dir: string;
const now = Date.now();
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cgw-usage-log-'));
  const db = openSqlite(join(dir, 'gateway.db'));
  applyMigrations(db, USAGE_MIGRATIONS);
  const repo = createSqliteUsageRepository(db);
  const prices = createPriceTable();
  const records = [
    outcome({ startedAt: now - 60_000, keyId: 'k_ci', accountId: 'work', costNanoAiu: 3_000_000_000 }),
    outcome({ startedAt: now - 120_000, keyId: 'k_dev', resolvedModel: 'claude-sonnet-5', stream: true }),
    outcome({
      startedAt: now - 180_000,
      keyId: 'k_ci',
      resolvedModel: 'mystery',
      status: 502,
      errorKind: 'upstream',
    }),
    outcome({ startedAt: now - 3 * 86_400_000, keyId: 'k_old' }),
  ];
  // Written as requests end, which is not their start order.
  const [a, b, c, d] = records;
  await repo.insert([b, d, a, c].map((r) => rowFromOutcome(r, costOf(r, prices))));
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('copilot-gateway usage log', () => {
  it('lists the last 24 h newest first, marking estimates and unpriced models', async () => {
    const r = await runCli(['usage', 'log', '--data-dir', dir]);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^Time \(UTC\)\s+Key\s+Account\s+Model\s+Route\s+Status\s+In\s+Cached\s+Out\s+Credits\s+ms$/,
    );
    expect(lines[1]).toMatch(
      /k_ci\s+work\s+gpt-5\.5\s+openai-chat→\/chat\/completions\s+200\s+1000\s+0\s+100\s+3\.00\s+120$/,
    );
    expect(lines[2]).toMatch(
      /k_dev\s+-\s+claude-sonnet-5\s+.*\(stream\)\s+200\s+1000\s+0\s+100\s+~0\.30\s+120$/,
    );
    expect(lines[3]).toMatch(/mystery\s+.*502 upstream\s+.*no price\s+120$/);
    expect(r.stdout).not.toContain('k_old');
  });

  it('filters by key, model and --since, and prints JSON', async () => {
    const byKey = await runCli(['usage', 'log', '--data-dir', dir, '--key', 'k_ci', '--json']);
    const rows = JSON.parse(byKey.stdout) as { keyId: string; costSource: string }[];
    expect(rows.map((x) => x.keyId)).toEqual(['k_ci', 'k_ci']);
    expect(rows.map((x) => x.costSource)).toEqual(['reported', 'none']);
    const byModel = JSON.parse(
      (await runCli(['usage', 'log', '--data-dir', dir, '--model', 'claude-sonnet-5', '--json'])).stdout,
    );
    expect(byModel).toHaveLength(1);
    const week = JSON.parse(
      (await runCli(['usage', 'log', '--data-dir', dir, '--since', '7d', '--json'])).stdout,
    );
    expect(week).toHaveLength(4);
  });

  it('refuses a bad --since or --by with a message that says what to write', async () => {
    const r = await runCli(['usage', 'log', '--data-dir', dir, '--since', 'yesterday']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('expected a duration like 30m, 24h or 7d');
    expect(() => parseSince('2026-10-01', 0)).not.toThrow();
    expect(parseSince('30m', 3_600_000)).toBe(1_800_000);
  });

  it('says so when nothing was recorded yet', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cgw-usage-empty-'));
    const r = await runCli(['usage', 'log', '--data-dir', empty]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('No usage recorded yet');
    expect((await runCli(['usage', 'summary', '--data-dir', empty, '--json'])).stdout).toBe('[]');
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('copilot-gateway usage (quota table)', () => {
  it('adds what the usage log says this month cost, per account', async () => {
    const emulator = await startEmulator({ githubTokens: ['ghu_month'] });
    try {
      writeGithubToken(dataPaths(dir), 'ghu_month');
      const r = await runCli(['usage', '--github-url', emulator.githubUrl, '--data-dir', dir]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/premium_interactions/);
      // This month holds the three recent rows (the 3-day-old one too, unless the month just began).
      expect(r.stdout).toMatch(
        /Credits this month \(usage log\): 3\.\d\d AI Credits \(\$0\.03\) over [34] requests, ~0\.\d+ of it estimated/,
      );
      expect(r.stdout).toMatch(/by account: work 3\.00/);
    } finally {
      await emulator.close();
    }
  });
});

describe('copilot-gateway usage summary', () => {
  it('aggregates per day by default, and per model, key and account', async () => {
    const byDay = await runCli(['usage', 'summary', '--data-dir', dir]);
    expect(byDay.exitCode).toBe(0);
    expect(byDay.stdout.split('\n')[0]).toMatch(
      /^Day\s+Requests\s+Errors\s+Input\s+Cached\s+Output\s+Credits\s+Estimated\s+Unpriced$/,
    );
    expect(byDay.stdout).toMatch(/Total: \d+\.\d\d AI Credits \(\$\d+\.\d\d\)/);
    const byKey = JSON.parse(
      (await runCli(['usage', 'summary', '--by', 'key', '--data-dir', dir, '--json'])).stdout,
    ) as {
      group: string;
      requests: number;
      errors: number;
      unpricedRequests: number;
    }[];
    expect(byKey.find((g) => g.group === 'k_ci')).toMatchObject({
      requests: 2,
      errors: 1,
      unpricedRequests: 1,
    });
    const byAccount = await runCli(['usage', 'summary', '--by', 'account', '--data-dir', dir]);
    expect(byAccount.stdout).toMatch(/^work\s+1\s+0/m);
    expect(byAccount.stdout).toMatch(/^\(none\)\s+3\s+1/m);
    const bad = await runCli(['usage', 'summary', '--by', 'week', '--data-dir', dir]);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('--by: expected one of day, model, key, account');
  });
});
