// Reading an account's limits off Copilot's answers (copilot-upstream-2026.md §2) and deciding
// what a failed answer means for the account: retry it, or cool it down until its reset and fail
// over to another one. Pure functions of status, headers, error body and the clock.
import { readErrorFields } from '../../errors/upstream-error.js';
import type { AccountLimits, LimitWindow } from '../../store/accounts/types.js';
import { parseUsageHeader } from '../usage-header.js';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `ent=0&ov=0.0&ovPerm=false&rem=99.6&rst=2026-10-03T17:00:00Z` → {remaining, resetAt}: the
 * pool's view of the one header parser (../usage-header.ts) the quota view reads too. */
export function parseLimitHeader(value: string | undefined): LimitWindow | undefined {
  const u = parseUsageHeader(value);
  const w: LimitWindow = {};
  if (u?.remainingPercent !== undefined) w.remaining = u.remainingPercent;
  if (u?.resetAt !== undefined) w.resetAt = Date.parse(u.resetAt);
  return w.remaining === undefined && w.resetAt === undefined ? undefined : w;
}

/** The limit windows an answer reports, or undefined when it reports none. */
export function readLimits(headers: Headers, now: number): AccountLimits | undefined {
  const session = parseLimitHeader(header(headers, 'x-usage-ratelimit-session'));
  const weekly = parseLimitHeader(header(headers, 'x-usage-ratelimit-weekly'));
  const premium = parseLimitHeader(header(headers, 'x-quota-snapshot-premium_interactions'));
  if (!session && !weekly && !premium) return undefined;
  return { session, weekly, premium, seenAt: now };
}

/** `retry-after` as epoch ms: seconds or an HTTP date (§2 says 402 may send either). */
export function retryAfterAt(headers: Headers, now: number): number | undefined {
  const raw = header(headers, 'retry-after');
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return now + Math.max(0, secs) * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? date : undefined;
}

export type FailureVerdict =
  /** Not an account problem: the caller's ordinary handling applies. */
  | { action: 'none' }
  /** The account cannot serve until `until`: cool it down and try another. */
  | { action: 'failover'; until: number; reason: string; failing?: boolean };

/** When nothing in the answer says when it resets: probe again after this long. */
export const UNKNOWN_RESET_MS = 5 * 60_000;
/** VS Code waits this long after extension_blocked (copilot-upstream-2026.md §2). */
export const EXTENSION_BLOCKED_MS = 300_000;

function resetOf(w: LimitWindow | undefined, now: number): number | undefined {
  return w?.resetAt !== undefined && w.resetAt > now ? w.resetAt : undefined;
}

/**
 * What a non-2xx answer means for the account that got it. `body` is the parsed error body.
 * 402 (quota) and the session / weekly / global 429s and extension_blocked fail over; a plain
 * 429 fails over only when its retry-after is longer than the caller is willing to wait.
 */
export function judgeFailure(
  status: number,
  headers: Headers,
  body: unknown,
  now: number,
  maxWaitSec: number,
): FailureVerdict {
  if (status !== 402 && status !== 429 && status !== 403) return { action: 'none' };
  const { code = '' } = readErrorFields(body);
  const after = retryAfterAt(headers, now);
  const limits = readLimits(headers, now);
  if (status === 402) {
    const until = after ?? resetOf(limits?.premium, now) ?? now + UNKNOWN_RESET_MS;
    return { action: 'failover', until, reason: code || 'quota_exceeded' };
  }
  if (code === 'extension_blocked')
    return { action: 'failover', until: after ?? now + EXTENSION_BLOCKED_MS, reason: code };
  if (status === 403) return { action: 'none' };
  if (code.startsWith('user_global_rate_limited')) {
    const until = after ?? resetOf(limits?.session, now) ?? now + UNKNOWN_RESET_MS;
    return { action: 'failover', until, reason: code };
  }
  if (code === 'user_weekly_rate_limited') {
    const until = after ?? resetOf(limits?.weekly, now) ?? now + UNKNOWN_RESET_MS;
    return { action: 'failover', until, reason: code };
  }
  // A plain 429: retried on the same account while the wait is short (the retry loop does that).
  if (after !== undefined && after - now > maxWaitSec * 1000)
    return { action: 'failover', until: after, reason: code || 'rate_limited' };
  return { action: 'none' };
}
