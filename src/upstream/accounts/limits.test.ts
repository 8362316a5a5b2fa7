import { describe, expect, it } from 'vitest';
import { judgeFailure, parseLimitHeader, readLimits, UNKNOWN_RESET_MS } from './limits.js';

const now = Date.parse('2026-10-03T12:00:00Z');
const err = (code: string) => ({ error: { message: 'x', code } });

describe('account limits', () => {
  it('parses x-usage-ratelimit-* values', () => {
    expect(parseLimitHeader('ent=0&ov=0.0&ovPerm=false&rem=99.6&rst=2026-10-03T17:00:00Z')).toEqual({
      remaining: 99.6,
      resetAt: Date.parse('2026-10-03T17:00:00Z'),
    });
    expect(parseLimitHeader('garbage')).toBeUndefined();
    expect(readLimits({}, now)).toBeUndefined();
    expect(readLimits({ 'x-usage-ratelimit-weekly': 'rem=3' }, now)).toEqual({
      session: undefined,
      weekly: { remaining: 3 },
      premium: undefined,
      seenAt: now,
    });
  });

  it('fails over on the session, weekly and quota limits until their reset', () => {
    expect(
      judgeFailure(429, { 'retry-after': '2733' }, err('user_global_rate_limited:pro'), now, 30),
    ).toEqual({
      action: 'failover',
      until: now + 2733_000,
      reason: 'user_global_rate_limited:pro',
    });
    const weekly = judgeFailure(
      429,
      { 'x-usage-ratelimit-weekly': 'rem=0&rst=2026-10-05T00:00:00Z' },
      err('user_weekly_rate_limited'),
      now,
      30,
    );
    expect(weekly).toMatchObject({ action: 'failover', until: Date.parse('2026-10-05T00:00:00Z') });
    expect(
      judgeFailure(402, { 'retry-after': 'Sat, 03 Oct 2026 13:00:00 GMT' }, err('quota_exceeded'), now, 30),
    ).toEqual({
      action: 'failover',
      until: now + 3600_000,
      reason: 'quota_exceeded',
    });
    expect(judgeFailure(402, {}, 'no body', now, 30)).toMatchObject({ until: now + UNKNOWN_RESET_MS });
    expect(judgeFailure(403, {}, err('extension_blocked'), now, 30)).toMatchObject({ action: 'failover' });
    expect(judgeFailure(429, {}, err('extension_blocked'), now, 30)).toMatchObject({ until: now + 300_000 });
  });

  it('leaves a short plain 429 and other errors to the retry loop', () => {
    expect(judgeFailure(429, { 'retry-after': '2' }, err('rate_limited'), now, 30)).toEqual({
      action: 'none',
    });
    expect(judgeFailure(429, {}, {}, now, 30)).toEqual({ action: 'none' });
    expect(judgeFailure(429, { 'retry-after': '600' }, {}, now, 30)).toMatchObject({ action: 'failover' });
    expect(judgeFailure(400, {}, err('quota_exceeded'), now, 30)).toEqual({ action: 'none' });
    expect(judgeFailure(403, {}, err('forbidden'), now, 30)).toEqual({ action: 'none' });
  });
});
