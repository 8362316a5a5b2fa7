import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../config/paths.js';
import { writeGithubToken } from '../config/store.js';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { formatUsage } from './format-usage.js';
import { runCli } from './test-helpers.js';

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ githubTokens: ['ghu_usage_token'], login: 'mona' });
  dir = mkdtempSync(join(tmpdir(), 'cgw-usage-'));
  writeGithubToken(dataPaths(dir), 'ghu_usage_token');
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('copilot-gateway usage', () => {
  it('prints plan, quotas and reset date as an aligned table, using the stored token', async () => {
    const r = await runCli(['usage', '--github-url', emulator.githubUrl, '--data-dir', dir]);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Account:\s+mona$/);
    expect(r.stdout).toMatch(/Plan:\s+individual_pro \(plus_monthly_subscriber_quota\)/);
    expect(r.stdout).toMatch(/Quota resets:\s+\d{4}-\d{2}-\d{2}/);
    const header = lines.find((l) => l.startsWith('Quota') && l.includes('Entitlement'))!;
    const premium = lines.find((l) => l.startsWith('premium_interactions'))!;
    const chat = lines.find((l) => l.startsWith('chat '))!;
    expect(header).toMatch(/Entitlement\s+Remaining\s+Percent\s+Unlimited\s+Overage/);
    expect(premium).toMatch(/^premium_interactions\s+1500\s+\S+\s+\d+\.\d%\s+no\s+\d+ \((not )?permitted\)$/);
    expect(chat).toMatch(/unlimited\s+unlimited\s+100\.0%\s+yes/);
    // Columns line up: each column starts at the same offset in every row.
    expect(premium.indexOf('1500')).toBe(header.indexOf('Entitlement'));
    expect(chat.indexOf('unlimited')).toBe(header.indexOf('Entitlement'));
    const req = emulator.requests.filter((q) => q.path.endsWith('/copilot_internal/user')).at(-1);
    expect(req?.headers.authorization).toBe('token ghu_usage_token');
  });

  it('prefers GH_TOKEN and reports a bad one in one line', async () => {
    const r = await runCli(['usage', '--github-url', emulator.githubUrl, '--data-dir', dir], {
      GH_TOKEN: 'ghu_wrong_one',
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^copilot-gateway: error: GitHub rejected the GitHub token.*copilot-gateway auth/,
    );
    expect(r.stderr.split('\n')).toHaveLength(1);
  });

  it('asks the user to sign in when no token exists', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cgw-usage-empty-'));
    try {
      const r = await runCli(['usage', '--github-url', emulator.githubUrl, '--data-dir', empty]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('Not signed in: run `copilot-gateway auth` first');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('rejects a bad --github-url with a clear message', async () => {
    const r = await runCli(['usage', '--github-url', 'github.com', '--data-dir', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Invalid GitHub URL "github.com" (--github-url)');
  });
});

describe('formatUsage', () => {
  it('shows the free plan quotas from limited_user_quotas and monthly_quotas', () => {
    const text = formatUsage({
      login: 'freeuser',
      access_type_sku: 'free_limited_copilot',
      copilot_plan: 'individual',
      limited_user_quotas: { chat: 480, completions: 4000 },
      monthly_quotas: { chat: 500, completions: 4000 },
      limited_user_reset_date: '2026-03-01',
    });
    expect(text).toMatch(/Plan:\s+individual \(free_limited_copilot\)/);
    expect(text).toMatch(/Quota resets:\s+2026-03-01/);
    expect(text).toContain('Free plan');
    expect(text).toMatch(/chat\s+500\s+480\s+96\.0%/);
    expect(text).toMatch(/completions\s+4000\s+4000\s+100\.0%/);
  });

  it('shows negative remaining and overage as reported', () => {
    const text = formatUsage({
      copilot_plan: 'business',
      quota_snapshots: {
        premium_interactions: {
          entitlement: 300,
          remaining: -1,
          percent_remaining: -0.33,
          unlimited: false,
          overage_count: 1,
          overage_permitted: true,
        },
      },
    });
    expect(text).toMatch(/premium_interactions\s+300\s+-1\s+-0\.3%\s+no\s+1 \(permitted\)/);
  });

  it('says so when there is nothing to show', () => {
    expect(formatUsage({ login: 'x' })).toContain('no quota information');
  });
});
