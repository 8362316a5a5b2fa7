// Keeps one Copilot token fresh for one GitHub token. Exchanges are single-flight (any number of
// concurrent get()/refresh() share one request), refreshed ahead of expiry on a timer, and a
// failed refresh is retried with capped exponential backoff. Nothing here may throw from a timer:
// background failures are logged and rescheduled, never left as unhandled rejections.
import { GatewayError, isGatewayError } from '../errors/gateway-error.js';
import type { Logger } from '../util/log.js';
import type { GitHubApi } from './api.js';
import type { CopilotToken, CopilotTokenSource } from './types.js';

/** Time and timers, injectable so tests drive refreshes without waiting. */
export interface TokenClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: TokenClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending refresh must never keep the process alive on its own.
    t.unref();
    return t;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface CopilotTokenSourceOptions {
  api: Pick<GitHubApi, 'getCopilotToken'>;
  githubToken: string;
  log: Logger;
  clock?: TokenClock;
  /** Backoff of failed refreshes: first step and cap. */
  backoff?: { baseMs: number; maxMs: number };
  /** Longest GitHub retry-after (rate limit) honoured before trying again anyway. */
  maxRateLimitWaitMs?: number;
}

export interface TokenSourceStatus {
  hasToken: boolean;
  /** When the current token expires (ms since epoch, local clock). */
  expiresAtMs?: number;
  /** Consecutive failed exchanges. */
  failures: number;
  lastError?: string;
  exchanges: number;
}

export interface ManagedCopilotTokenSource extends CopilotTokenSource {
  status(): TokenSourceStatus;
}

/** Seconds before expiry at which a token counts as stale and a refresh is due. */
const MARGIN_SEC = 60;

interface Held {
  token: CopilotToken;
  fetchedAtMs: number;
  expiresAtMs: number;
}

export function createCopilotTokenSource(options: CopilotTokenSourceOptions): ManagedCopilotTokenSource {
  const clock = options.clock ?? systemClock;
  const { log } = options;
  const baseMs = options.backoff?.baseMs ?? 1_000;
  const maxMs = options.backoff?.maxMs ?? 60_000;
  const maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 15 * 60_000;

  let held: Held | undefined;
  let inflight: Promise<CopilotToken> | undefined;
  let timer: unknown;
  let failures = 0;
  let exchanges = 0;
  let lastError: string | undefined;
  let stopped = false;
  /** After a failed exchange, callers holding a still-valid token do not retry before this. */
  let nextAttemptAtMs = 0;

  const clearTimer = () => {
    if (timer !== undefined) clock.clearTimer(timer);
    timer = undefined;
  };

  const schedule = (ms: number, why: string) => {
    if (stopped) return;
    clearTimer();
    log.debug('copilot token refresh scheduled', { inMs: Math.round(ms), why });
    timer = clock.setTimer(() => {
      timer = undefined;
      // exchange() logs and reschedules on failure; this catch only stops the rejection escaping.
      exchange('scheduled').catch(() => {});
    }, ms);
  };

  const isStale = (h: Held): boolean => {
    // Short-lived tokens (tests, odd servers) get half their lifetime as margin instead of 60 s.
    const margin = Math.min(MARGIN_SEC * 1000, (h.expiresAtMs - h.fetchedAtMs) / 2);
    return clock.now() >= h.expiresAtMs - margin;
  };

  const hold = (token: CopilotToken, fetchedAtMs: number): Held => {
    const serverExpiry = token.expiresAt * 1000;
    // When the local clock disagrees with GitHub's so much that the token looks already expired,
    // trust the relative refresh_in instead (as VS Code does) rather than refreshing in a loop.
    const expiresAtMs =
      serverExpiry > fetchedAtMs ? serverExpiry : fetchedAtMs + (token.refreshIn + MARGIN_SEC) * 1000;
    if (serverExpiry <= fetchedAtMs)
      log.warn('copilot token expires_at is in the past by the local clock; check the system time');
    return { token, fetchedAtMs, expiresAtMs };
  };

  const refreshDelayMs = (h: Held): number => {
    // refresh_in − 60 s as the Copilot editors do; half of refresh_in for very short-lived tokens.
    const r = h.token.refreshIn;
    return Math.max(1_000, (r > 2 * MARGIN_SEC ? r - MARGIN_SEC : r / 2) * 1000);
  };

  const backoffMs = (err: unknown): number => {
    const step = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
    const retryAfter = isGatewayError(err) && err.retryAfter !== undefined ? err.retryAfter * 1000 : 0;
    return Math.max(step, Math.min(retryAfter, maxRateLimitWaitMs));
  };

  function exchange(reason: string): Promise<CopilotToken> {
    if (inflight) return inflight;
    if (stopped)
      return Promise.reject(
        new GatewayError('api', 'The Copilot token source is stopped', { retryable: false }),
      );
    clearTimer();
    exchanges++;
    log.debug('copilot token exchange', { reason });
    const p = options.api.getCopilotToken(options.githubToken).then(
      (token) => {
        const h = hold(token, clock.now());
        held = h;
        failures = 0;
        lastError = undefined;
        nextAttemptAtMs = 0;
        schedule(refreshDelayMs(h), 'refresh ahead of expiry');
        return token;
      },
      (err: unknown) => {
        failures++;
        lastError = err instanceof Error ? err.message : String(err);
        const wait = backoffMs(err);
        nextAttemptAtMs = clock.now() + wait;
        log.warn('copilot token refresh failed; retrying with backoff', {
          reason,
          failures,
          retryInMs: wait,
          error: lastError,
        });
        schedule(wait, 'retry after failure');
        throw err;
      },
    );
    inflight = p;
    // Cleared on either outcome; this derived promise never rejects, the callers get `p`.
    p.then(
      () => {
        if (inflight === p) inflight = undefined;
      },
      () => {
        if (inflight === p) inflight = undefined;
      },
    );
    return p;
  }

  return {
    async get() {
      const h = held;
      if (h && !isStale(h)) return h.token;
      // During a GitHub outage the backoff holds for requests too: while the old token still
      // works, they use it instead of each starting an exchange of their own.
      if (h && clock.now() < nextAttemptAtMs && clock.now() < h.expiresAtMs) return h.token;
      try {
        return await exchange(h ? 'expiring' : 'first use');
      } catch (err) {
        // A refresh that failed while the old token still works is not the caller's problem.
        if (h && clock.now() < h.expiresAtMs) return h.token;
        throw err;
      }
    },
    refresh(reason: string) {
      return exchange(`forced: ${reason}`);
    },
    stop() {
      stopped = true;
      clearTimer();
    },
    status() {
      return { hasToken: held !== undefined, expiresAtMs: held?.expiresAtMs, failures, lastError, exchanges };
    },
  };
}
