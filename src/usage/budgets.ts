// Per-key budgets: daily and monthly AI Credits and tokens per minute. Admission reads in-memory
// running totals (no SQL per request); the totals grow from outcome records (cost reported or
// estimated) and are warmed from the usage log's daily rollups at start. A request is refused
// once a limit is reached; the request that crosses a limit is itself admitted, since its cost is
// only known when it ends. Days and months are UTC.

import { GatewayError } from '../errors/gateway-error.js';
import type { OutcomeRecord, OutcomeSubscriber } from '../gateway/pipeline/outcome.js';
import { costOf } from './cost.js';
import type { UsageRepository } from './log/types.js';
import { NANO_PER_CREDIT, type PriceTable } from './price-table.js';

/** What the keys concern stores on a key record. */
export interface KeyLimits {
  dailyCredits?: number;
  monthlyCredits?: number;
  /** Tokens (input + output) per rolling minute. */
  tpm?: number;
}

export interface BudgetKey {
  id: string;
  name?: string;
  limits?: KeyLimits;
}

export interface KeySpend {
  dayCredits: number;
  monthCredits: number;
  tokensLastMinute: number;
}

export interface BudgetTracker {
  /** undefined: admitted; else the 429 to answer (rate_limit kind, naming the key and the reset). */
  check(key: BudgetKey, nowMs?: number): GatewayError | undefined;
  /** Subscribe to outcome records. */
  readonly subscriber: OutcomeSubscriber;
  /** Seeds today's and this month's totals from the usage log; call once before serving. */
  warm(repo: UsageRepository, nowMs?: number): Promise<void>;
  spend(keyId: string, nowMs?: number): KeySpend;
}

const DAY_MS = 86_400_000;
const WINDOW_SEC = 60;

interface Running {
  day: number;
  dayNano: number;
  month: number;
  monthNano: number;
  /** Tokens per second over the last minute: slot = second % 60, stamped with its second. */
  tokens: Float64Array;
  stamps: Float64Array;
}

/** UTC day and month numbers (budgets roll over at UTC midnight and on the first of the month);
 * shared with the Redis budget counters (src/shared-limits/). */
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
export const monthOf = (ms: number) => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
export const monthStartMs = (month: number) => Date.UTC(Math.floor(month / 12), month % 12, 1);
export const dayStartMs = (day: number) => day * DAY_MS;

function fmtCredits(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(2);
}

/** The 429 of a credit budget reached (`used` in nano-AIU), the same wherever it was counted. */
export function creditBudgetRefusal(
  key: BudgetKey,
  period: 'daily' | 'monthly',
  limitCredits: number,
  usedNano: number,
  resetMs: number,
  nowMs: number,
): GatewayError {
  return refusal(
    key,
    `${period} budget`,
    `${fmtCredits(limitCredits)} AI Credits`,
    fmtCredits(usedNano / NANO_PER_CREDIT),
    resetMs,
    nowMs,
  );
}

function refusal(key: BudgetKey, what: string, limit: string, used: string, resetMs: number, nowMs: number) {
  const retryAfter = Math.max(1, Math.ceil((resetMs - nowMs) / 1000));
  const who = key.name ? `API key "${key.name}" (${key.id})` : `API key ${key.id}`;
  return new GatewayError(
    'rate_limit',
    `${who} has reached its ${what} of ${limit} (used ${used}); it resets at ${new Date(resetMs).toISOString()}. Retry after ${retryAfter} s, or raise the key's limits.`,
    { code: what === 'tokens-per-minute limit' ? 'key_tpm_exceeded' : 'key_budget_exceeded', retryAfter },
  );
}

export function createBudgetTracker(prices: PriceTable): BudgetTracker {
  const byKey = new Map<string, Running>();

  function running(keyId: string, nowMs: number): Running {
    let r = byKey.get(keyId);
    if (!r) {
      r = {
        day: dayOf(nowMs),
        dayNano: 0,
        month: monthOf(nowMs),
        monthNano: 0,
        tokens: new Float64Array(WINDOW_SEC),
        stamps: new Float64Array(WINDOW_SEC).fill(-1),
      };
      byKey.set(keyId, r);
    }
    // Roll over at UTC midnight and at the first of the month.
    const day = dayOf(nowMs);
    if (day !== r.day) {
      r.day = day;
      r.dayNano = 0;
    }
    const month = monthOf(nowMs);
    if (month !== r.month) {
      r.month = month;
      r.monthNano = 0;
    }
    return r;
  }

  function tokensInWindow(r: Running, nowMs: number): { total: number; oldestSec?: number } {
    const now = Math.floor(nowMs / 1000);
    let total = 0;
    let oldestSec: number | undefined;
    for (let i = 0; i < WINDOW_SEC; i++) {
      const s = r.stamps[i];
      if (s > now - WINDOW_SEC && s <= now && r.tokens[i] > 0) {
        total += r.tokens[i];
        if (oldestSec === undefined || s < oldestSec) oldestSec = s;
      }
    }
    return { total, oldestSec };
  }

  function record(r: OutcomeRecord) {
    if (r.keyId === undefined) return;
    const endMs = r.startedAt + r.durationMs;
    const run = running(r.keyId, endMs);
    const cost = costOf(r, prices).nanoAiu ?? 0;
    if (cost > 0) {
      if (dayOf(r.startedAt) === run.day) run.dayNano += cost;
      if (monthOf(r.startedAt) === run.month) run.monthNano += cost;
    }
    const tokens = (r.usage?.inputTokens ?? 0) + (r.usage?.outputTokens ?? 0);
    if (tokens > 0) {
      const sec = Math.floor(endMs / 1000);
      const slot = sec % WINDOW_SEC;
      if (run.stamps[slot] !== sec) {
        run.stamps[slot] = sec;
        run.tokens[slot] = 0;
      }
      run.tokens[slot] += tokens;
    }
  }

  return {
    subscriber: record,

    check(key, nowMs = Date.now()) {
      const limits = key.limits;
      if (!limits) return undefined;
      const r = running(key.id, nowMs);
      if (limits.dailyCredits !== undefined) {
        if (r.dayNano / NANO_PER_CREDIT >= limits.dailyCredits)
          return creditBudgetRefusal(
            key,
            'daily',
            limits.dailyCredits,
            r.dayNano,
            dayStartMs(r.day + 1),
            nowMs,
          );
      }
      if (limits.monthlyCredits !== undefined) {
        if (r.monthNano / NANO_PER_CREDIT >= limits.monthlyCredits)
          return creditBudgetRefusal(
            key,
            'monthly',
            limits.monthlyCredits,
            r.monthNano,
            monthStartMs(r.month + 1),
            nowMs,
          );
      }
      if (limits.tpm !== undefined) {
        const w = tokensInWindow(r, nowMs);
        if (w.total >= limits.tpm && w.oldestSec !== undefined) {
          return refusal(
            key,
            'tokens-per-minute limit',
            `${limits.tpm} tokens`,
            `${w.total}`,
            (w.oldestSec + WINDOW_SEC) * 1000,
            nowMs,
          );
        }
      }
      return undefined;
    },

    async warm(repo, nowMs = Date.now()) {
      const month = monthOf(nowMs);
      const [monthly, daily] = await Promise.all([
        repo.costByKeySince(monthStartMs(month)),
        repo.costByKeySince(dayOf(nowMs) * DAY_MS),
      ]);
      for (const [keyId, nano] of monthly) running(keyId, nowMs).monthNano = nano;
      for (const [keyId, nano] of daily) running(keyId, nowMs).dayNano = nano;
    },

    spend(keyId, nowMs = Date.now()) {
      const r = running(keyId, nowMs);
      return {
        dayCredits: r.dayNano / NANO_PER_CREDIT,
        monthCredits: r.monthNano / NANO_PER_CREDIT,
        tokensLastMinute: tokensInWindow(r, nowMs).total,
      };
    },
  };
}
