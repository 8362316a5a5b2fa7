import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IDENTITY } from '../config/settings.js';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { GatewayError } from '../errors/gateway-error.js';
import { memoryLogger } from '../util/log.js';
import { createGitHubApi, type GitHubApi } from './api.js';
import {
  createCopilotTokenSource,
  type ManagedCopilotTokenSource,
  systemClock,
  type TokenClock,
} from './copilot-token-source.js';
import { githubApiUrlFor } from './urls.js';

/** A clock whose timers fire only when the test says so. */
function manualClock(start = Date.now()) {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { fn: () => void; at: number; ms: number }>();
  const clock: TokenClock = {
    now: () => now,
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { fn, at: now + ms, ms });
      return id;
    },
    clearTimer: (h) => {
      timers.delete(h as number);
    },
  };
  return {
    clock,
    advance(ms: number) {
      now += ms;
    },
    /** The single pending timer's delay (the source keeps at most one). */
    pending(): number | undefined {
      expect(timers.size).toBeLessThanOrEqual(1);
      return [...timers.values()][0]?.ms;
    },
    /** Jumps to the pending timer and runs it. */
    fire() {
      const [id, t] = [...timers.entries()][0];
      timers.delete(id);
      now = Math.max(now, t.at);
      t.fn();
    },
  };
}

const GH = 'ghu_source_token';
const TOKEN_PATH = '/copilot_internal/v2/token';
let emulator: Emulator;
let api: GitHubApi;
let source: ManagedCopilotTokenSource | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ githubTokens: [GH] });
  api = createGitHubApi({
    githubUrl: emulator.githubUrl,
    githubApiUrl: githubApiUrlFor(emulator.githubUrl),
    identity: DEFAULT_IDENTITY,
    log: memoryLogger(),
  });
});
afterAll(() => emulator.close());
afterEach(() => {
  source?.stop();
  source = undefined;
  emulator.clearFaults();
});

/** Waits until the condition holds (no timing assertions: only an upper bound against hangs). */
async function until(cond: () => boolean) {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe('copilot token source', () => {
  it('exchanges once for 50 concurrent first calls', async () => {
    const { clock } = manualClock();
    source = createCopilotTokenSource({ api, githubToken: GH, log: memoryLogger(), clock });
    const before = emulator.stats.tokenExchanges;
    const tokens = await Promise.all(Array.from({ length: 50 }, () => source!.get()));
    expect(emulator.stats.tokenExchanges).toBe(before + 1);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
  });

  it('serves the cached token, then exactly one exchange for 50 concurrent calls near expiry', async () => {
    const c = manualClock();
    source = createCopilotTokenSource({ api, githubToken: GH, log: memoryLogger(), clock: c.clock });
    const first = await source.get();
    const afterFirst = emulator.stats.tokenExchanges;
    await Promise.all(Array.from({ length: 20 }, () => source!.get()));
    expect(emulator.stats.tokenExchanges).toBe(afterFirst);

    // 30 s before expiry: inside the 60 s margin, the timer has not fired.
    c.advance(first.expiresAt * 1000 - c.clock.now() - 30_000);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => source!.get()));
    expect(emulator.stats.tokenExchanges).toBe(afterFirst + 1);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    expect(tokens[0].token).not.toBe(first.token);
  });

  it('schedules the refresh at refresh_in − 60 s and refreshes when it fires', async () => {
    const c = manualClock();
    source = createCopilotTokenSource({ api, githubToken: GH, log: memoryLogger(), clock: c.clock });
    const first = await source.get();
    expect(c.pending()).toBe((first.refreshIn - 60) * 1000);
    const before = emulator.stats.tokenExchanges;
    c.fire();
    await until(() => emulator.stats.tokenExchanges === before + 1 && c.pending() !== undefined);
    const next = await source.get();
    expect(next.token).not.toBe(first.token);
    expect(emulator.stats.tokenExchanges).toBe(before + 1);
  });

  it('shares one forced refresh among concurrent callers', async () => {
    const c = manualClock();
    source = createCopilotTokenSource({ api, githubToken: GH, log: memoryLogger(), clock: c.clock });
    const first = await source.get();
    const before = emulator.stats.tokenExchanges;
    const refreshed = await Promise.all(
      Array.from({ length: 10 }, () => source!.refresh('401 from Copilot')),
    );
    expect(emulator.stats.tokenExchanges).toBe(before + 1);
    expect(refreshed[0].token).not.toBe(first.token);
    expect((await source.get()).token).toBe(refreshed[0].token);
  });

  it('retries a failing refresh with capped exponential backoff and never crashes', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const c = manualClock();
      const log = memoryLogger();
      source = createCopilotTokenSource({
        api,
        githubToken: GH,
        log,
        clock: c.clock,
        backoff: { baseMs: 1000, maxMs: 4000 },
      });
      const first = await source.get();
      emulator.injectFault({
        match: { path: TOKEN_PATH },
        times: 4,
        fault: { kind: 'status', status: 500, body: 'boom' },
      });
      const before = emulator.stats.tokenExchanges;

      const delays: number[] = [];
      for (let failure = 1; failure <= 4; failure++) {
        c.fire();
        await until(() => source!.status().failures === failure && c.pending() !== undefined);
        delays.push(c.pending()!);
      }
      expect(delays).toEqual([1000, 2000, 4000, 4000]);
      expect(log.lines.some((l) => l.includes('copilot token refresh failed'))).toBe(true);
      // The old token is still valid, so callers keep working meanwhile.
      expect((await source.get()).token).toBe(first.token);

      c.fire(); // the fault is used up: this one succeeds
      await until(() => source!.status().failures === 0);
      expect(emulator.stats.tokenExchanges).toBe(before + 1);
      expect((await source.get()).token).not.toBe(first.token);
      expect(c.pending()).toBeGreaterThan(60_000);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('rejects get() with the GitHub error when there is no valid token to fall back on', async () => {
    const c = manualClock();
    source = createCopilotTokenSource({
      api,
      githubToken: 'ghu_not_valid',
      log: memoryLogger(),
      clock: c.clock,
    });
    const err = await source.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).message).toContain('copilot-gateway auth');
    expect(c.pending()).toBe(1000); // and a background retry is scheduled
  });

  it('stop() clears the timer and schedules nothing more', async () => {
    const c = manualClock();
    source = createCopilotTokenSource({ api, githubToken: GH, log: memoryLogger(), clock: c.clock });
    await source.get();
    expect(c.pending()).toBeDefined();
    source.stop();
    expect(c.pending()).toBeUndefined();
  });

  it('uses unref()ed timers by default, so a pending refresh never keeps the process alive', () => {
    const handle = systemClock.setTimer(() => {}, 1_000_000) as NodeJS.Timeout;
    try {
      expect(handle.hasRef()).toBe(false);
    } finally {
      systemClock.clearTimer(handle);
    }
  });
});

describe('backoff also holds for requests', () => {
  it('does not let every request start its own exchange while GitHub is failing and the old token still works', async () => {
    const mc = manualClock(1_000_000);
    let calls = 0;
    let fail = false;
    const fake = {
      getCopilotToken: async () => {
        calls++;
        if (fail) throw new GatewayError('upstream', 'GitHub is down', { retryable: true });
        return {
          token: `tid=${calls}`,
          expiresAt: Math.floor(mc.clock.now() / 1000) + 1800,
          refreshIn: 1500,
          raw: {},
        };
      },
    };
    const s = createCopilotTokenSource({ api: fake, githubToken: GH, log: memoryLogger(), clock: mc.clock });
    expect((await s.get()).token).toBe('tid=1');
    // Into the refresh window: stale, but still valid for ~50 s.
    mc.advance(1750 * 1000);
    fail = true;
    expect((await s.get()).token).toBe('tid=1'); // one failed exchange, old token served
    const after = calls;
    for (let i = 0; i < 20; i++) expect((await s.get()).token).toBe('tid=1');
    expect(calls).toBe(after); // within the backoff: no new exchange per request
    s.stop();
  });
});
