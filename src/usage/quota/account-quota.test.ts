import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_IDENTITY } from '../../config/settings.js';
import { type Emulator, startEmulator } from '../../emulator/index.js';
import { createGitHubApi } from '../../github/api.js';
import { parseUsageHeader } from '../../upstream/usage-header.js';
import { createLogger } from '../../util/log.js';
import { createAccountQuota } from './account-quota.js';

const log = createLogger({ level: 'error', sink: () => {} });
let emu: Emulator | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await emu?.close();
  emu = undefined;
});

describe('usage headers', () => {
  it('parses the reference format', () => {
    expect(parseUsageHeader('ent=0&ov=0.0&ovPerm=false&rem=99.6&rst=2026-10-03T17:00:00Z')).toEqual({
      remainingPercent: 99.6,
      resetAt: '2026-10-03T17:00:00.000Z',
      entitlement: 0,
      overage: 0,
      overagePermitted: false,
    });
    expect(parseUsageHeader('rem=abc&rst=soon')).toBeUndefined();
    expect(parseUsageHeader(undefined)).toBeUndefined();
  });
});

describe('account quota', () => {
  it('keeps the last session/weekly/snapshot headers per account, ignoring the rest', () => {
    const q = createAccountQuota({ accounts: () => [], intervalMs: 60_000, log, now: () => 42 });
    q.observeHeaders('work', {
      'x-usage-ratelimit-session': 'rem=40&rst=2026-10-03T17:00:00Z',
      'x-usage-ratelimit-weekly': 'rem=80&rst=2026-10-06T00:00:00Z',
      'x-quota-snapshot-premium_interactions': 'ent=300&rem=12.5&ovPerm=true',
      'content-type': 'application/json',
    });
    q.observeHeaders('work', { 'x-usage-ratelimit-session': 'rem=39&rst=2026-10-03T17:00:00Z' });
    q.observeHeaders('home', { 'x-request-id': 'abc' });
    const v = q.view('work');
    expect(v.session?.remainingPercent).toBe(39);
    expect(v.weekly?.resetAt).toBe('2026-10-06T00:00:00.000Z');
    expect(v.snapshots.premium_interactions).toMatchObject({
      entitlement: 300,
      remainingPercent: 12.5,
      overagePermitted: true,
    });
    expect(v.headersAt).toBe(42);
    expect(q.views().map((x) => x.account)).toEqual(['work']);
  });

  it('fetches copilot_internal/user on a schedule, not per request, and keeps the last reply on failure', async () => {
    emu = await startEmulator({ githubTokens: ['ghu_a'], accountPlan: 'business' });
    const api = createGitHubApi({
      githubUrl: emu.githubUrl,
      githubApiUrl: emu.githubUrl,
      identity: DEFAULT_IDENTITY,
      log,
    });
    let fail = false;
    const accounts = [
      {
        id: 'work',
        fetchUser: async () => {
          if (fail) throw new Error('GitHub is down');
          return api.getCopilotUsage('ghu_a');
        },
      },
    ];
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const q = createAccountQuota({ accounts: () => accounts, intervalMs: 300_000, log });
    q.start();
    await q.refresh();
    const fetches = () => emu?.requests.filter((r) => r.path.endsWith('/copilot_internal/user')).length;
    expect(fetches()).toBe(1);
    expect(q.view('work').user?.quota_snapshots?.premium_interactions?.entitlement).toBe(300);
    fail = true;
    vi.advanceTimersByTime(300_000);
    await q.refresh();
    const v = q.view('work');
    expect(v.userError).toBe('GitHub is down');
    expect(v.user?.copilot_plan).toBe('business');
    q.stop();
    vi.advanceTimersByTime(900_000);
    expect(fetches()).toBe(1);
  });
});
