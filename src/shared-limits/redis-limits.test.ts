// The shared limits against a real Redis: two RedisLimits on one Redis stand for two gateway
// instances; concurrent callers on both get exact counts (the Lua script is atomic).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayError } from '../errors/gateway-error.js';
import { NANO_PER_CREDIT } from '../usage/price-table.js';
import { Cancellation } from '../util/cancellation.js';
import { memoryLogger } from '../util/log.js';
import { admitted, burst, type Instance, instance, key, record, refused, until } from './test-helpers.js';
import { redisAvailable, startOwnRedis, testPrefix, testRedis } from './test-support.js';

const run = redisAvailable();

describe.runIf(run)('shared limits on one Redis (two instances)', () => {
  let redis: { url: string; close(): Promise<void> };
  let a: Instance;
  let b: Instance;
  let prefix: string;

  beforeAll(async () => {
    redis = await testRedis();
    prefix = testPrefix();
    a = await instance(redis.url, prefix);
    b = await instance(redis.url, prefix);
  });
  afterAll(async () => {
    await a?.limits.close();
    await b?.limits.close();
    await redis?.close();
  });

  it('says it shares, and is ready', async () => {
    expect(a.limits.mode).toBe('redis');
    expect(await a.limits.readiness()).toEqual({ ok: true, configured: true, shared: true });
  });

  it('admits exactly rpm requests per minute across both, with concurrent callers', async () => {
    const k = key({ rpm: 7 });
    const out = await burst([a, b], 60, k);
    expect(admitted(out)).toHaveLength(7);
    const no = refused(out);
    expect(no).toHaveLength(53);
    expect(no[0]?.code).toBe('key_rate_limited');
    expect(no[0]?.message).toContain('7 requests per minute');
    expect(no[0]?.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it('holds exactly `concurrent` slots across both; a release frees one', async () => {
    const k = key({ concurrent: 3 });
    const out = await burst([a, b], 40, k);
    const held = admitted(out);
    expect(held).toHaveLength(3);
    expect(refused(out)[0]?.message).toContain('3 concurrent requests');
    held[0]?.();
    // The release is not awaited by the caller; the next admission sees it once Redis has it.
    await until(async () => admitted(await burst([b], 1, k)).length === 1);
    expect(admitted(await burst([a, b], 10, k))).toHaveLength(0);
    for (const r of held) r();
  });

  it('tokens per minute charged on one instance refuse the key on the other', async () => {
    const k = key({ tpm: 100 });
    const [first] = admitted(await burst([a], 1, k));
    first?.();
    for (const s of a.limits.subscribers) s(record(k.id, { usage: { inputTokens: 90, outputTokens: 60 } }));
    await until(async () => refused(await burst([b], 1, k)).length === 1);
    const [no] = refused(await burst([b], 1, k));
    expect(no?.message).toContain('100 tokens per minute');
  });

  it('credits spent through one instance count against the daily budget on both', async () => {
    const k = key({ dailyCredits: 1 });
    admitted(await burst([b], 1, k))[0]?.();
    for (const s of b.limits.subscribers) s(record(k.id, { costNanoAiu: 2 * NANO_PER_CREDIT }));
    await until(async () => refused(await burst([a], 1, k)).length === 1);
    const [no] = refused(await burst([a, b], 2, k));
    expect(no?.code).toBe('key_budget_exceeded');
    expect(no?.message).toContain('daily budget of 1.00 AI Credits (used 2.00)');
  });

  it('seeds an empty Redis from the usage log (monthly budget already spent)', async () => {
    const k = key({ monthlyCredits: 5 });
    const own = testPrefix();
    const c = await instance(redis.url, own, { seed: new Map([[k.id, 6 * NANO_PER_CREDIT]]) });
    // A second instance seeding a smaller figure does not overwrite the first one's (SET NX).
    const d = await instance(redis.url, own, { seed: new Map([[k.id, 1]]) });
    try {
      const out = await burst([c, d], 4, k);
      expect(refused(out).map((e) => e.code)).toEqual(Array(4).fill('key_budget_exceeded'));
    } finally {
      await c.limits.close();
      await d.limits.close();
    }
  });

  it('the global pacer admits one request per interval across both', async () => {
    const own = testPrefix();
    const c = await instance(redis.url, own, { rateLimitSec: 60 });
    const d = await instance(redis.url, own, { rateLimitSec: 60 });
    try {
      const out = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? c : d).limits
            .admit({ pace: true, cancel: new Cancellation() })
            .catch((e: GatewayError) => e),
        ),
      );
      expect(admitted(out)).toHaveLength(1);
      expect(refused(out)[0]?.message).toContain('--rate-limit');
    } finally {
      await c.limits.close();
      await d.limits.close();
    }
  });

  it('with --wait the shared pacer queues callers of both instances instead of refusing them', async () => {
    const own = testPrefix();
    const c = await instance(redis.url, own, { rateLimitSec: 0.02, rateLimitWait: true });
    const d = await instance(redis.url, own, { rateLimitSec: 0.02, rateLimitWait: true });
    try {
      const out = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? c : d).limits
            .admit({ pace: true, cancel: new Cancellation() })
            .catch((e: GatewayError) => e),
        ),
      );
      // Without --wait only one of them would pass (the test above).
      expect(admitted(out)).toHaveLength(6);
    } finally {
      await c.limits.close();
      await d.limits.close();
    }
  });

  it('a crashed instance’s concurrency slots lapse; a live one’s are renewed', async () => {
    const own = testPrefix();
    const k = key({ concurrent: 1 });
    const live = await instance(redis.url, own, { leaseMs: 300 });
    const other = await instance(redis.url, own, { leaseMs: 300 });
    try {
      const [held] = admitted(await burst([live], 1, k));
      // Several lease lifetimes later the slot is still held: the live instance renews it.
      await new Promise((r) => setTimeout(r, 1000));
      expect(admitted(await burst([other], 1, k))).toHaveLength(0);
      held?.();
      await until(async () => {
        const got = admitted(await burst([other], 1, k));
        if (got.length === 0) return false;
        // Now "crash" while holding it: the connection drops, nothing is released or renewed.
        other.link.client.disconnect();
        return true;
      });
      await until(async () => {
        const got = admitted(await burst([live], 1, k));
        for (const r of got) r();
        return got.length === 1;
      });
    } finally {
      await live.limits.close();
      await other.limits.close();
    }
  });
});

describe.runIf(run)('batched releases', () => {
  let redis: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('a released slot is free for the other instance after the batch, not before', async () => {
    const own = testPrefix();
    // A batch window longer than the test: the releases wait until a's close flushes them.
    const a = await instance(redis.url, own, { releaseFlushMs: 60_000 });
    // The default window (5 ms): its releases reach Redis by the timer alone.
    const c = await instance(redis.url, own);
    const b = await instance(redis.url, own);
    const watch = new Redis(redis.url);
    try {
      const k = key({ concurrent: 2 });
      const set = `${own}conc:${k.id}`;
      const held = admitted(await burst([a], 2, k));
      expect(held).toHaveLength(2);
      for (const r of held) r();
      // Both releases wait in a's batch: Redis still holds both slots, b is refused.
      expect(await watch.zcard(set)).toBe(2);
      expect(admitted(await burst([b], 1, k))).toHaveLength(0);
      // The flush (here at close) removes both in one write, and b gets both slots.
      await a.limits.close();
      expect(await watch.zcard(set)).toBe(0);
      const got = admitted(await burst([b], 3, k));
      expect(got).toHaveLength(2);
      for (const r of got) r();
      await until(async () => (await watch.zcard(set)) === 0);
      // c releases without admitting again: the timer's flush frees the slots for b.
      const byC = admitted(await burst([c], 2, k));
      expect(byC).toHaveLength(2);
      for (const r of byC) r();
      await until(async () => (await watch.zcard(set)) === 0);
      expect(admitted(await burst([b], 3, k))).toHaveLength(2);
    } finally {
      watch.disconnect();
      await a.limits.close();
      await b.limits.close();
      await c.limits.close();
    }
  });

  it("the instance's next admission of the key carries its releases (no wait for the batch)", async () => {
    const own = testPrefix();
    const a = await instance(redis.url, own, { releaseFlushMs: 60_000 });
    try {
      const k = key({ concurrent: 1 });
      for (let i = 0; i < 5; i++) {
        const [r] = admitted(await burst([a], 1, k));
        expect(r).toBeDefined();
        r?.();
      }
      expect(admitted(await burst([a], 1, k))).toHaveLength(1);
    } finally {
      await a.limits.close();
    }
  });

  it('a release lost with its instance still lapses with the lease', async () => {
    const own = testPrefix();
    const k = key({ concurrent: 1 });
    const dead = await instance(redis.url, own, { leaseMs: 300, releaseFlushMs: 60_000 });
    const other = await instance(redis.url, own, { leaseMs: 300 });
    try {
      const [r] = admitted(await burst([dead], 1, k));
      r?.();
      // The process "dies" with the release still in its batch.
      dead.link.client.disconnect();
      expect(admitted(await burst([other], 1, k))).toHaveLength(0);
      await until(async () => {
        const got = admitted(await burst([other], 1, k));
        for (const g of got) g();
        return got.length === 1;
      });
    } finally {
      await dead.limits.close();
      await other.limits.close();
    }
  });
});

describe.runIf(run)('batched charges', () => {
  let redis: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('the spend of several requests reaches Redis in one batch, then counts on every instance', async () => {
    const own = testPrefix();
    // A batch window longer than the test: a's charges wait until its close flushes them.
    const a = await instance(redis.url, own, { chargeFlushMs: 60_000 });
    const b = await instance(redis.url, own);
    const watch = new Redis(redis.url);
    try {
      const k = key({ dailyCredits: 3 });
      const day = `${own}credits-day:${k.id}:${Math.floor(Date.now() / 86_400_000)}`;
      for (let i = 0; i < 2; i++) {
        const [release] = admitted(await burst([a], 1, k));
        release?.();
        for (const s of a.limits.subscribers) s(record(k.id, { costNanoAiu: 2 * NANO_PER_CREDIT }));
      }
      // The second admission carried the first charge (the key has a budget); the second waits.
      expect(Number(await watch.get(day))).toBe(2 * NANO_PER_CREDIT);
      expect(admitted(await burst([b], 1, k))).toHaveLength(1);
      await a.limits.close();
      expect(Number(await watch.get(day))).toBe(4 * NANO_PER_CREDIT);
      const [no] = refused(await burst([b], 1, k));
      expect(no?.message).toContain('daily budget of 3.00 AI Credits (used 4.00)');
    } finally {
      watch.disconnect();
      await a.limits.close();
      await b.limits.close();
    }
  });

  it("a key's own tokens are judged at its next admission on this instance, before the batch is due", async () => {
    const own = testPrefix();
    const a = await instance(redis.url, own, { chargeFlushMs: 60_000 });
    try {
      const k = key({ tpm: 100 });
      admitted(await burst([a], 1, k))[0]?.();
      for (const s of a.limits.subscribers) s(record(k.id, { usage: { inputTokens: 90, outputTokens: 60 } }));
      const [no] = refused(await burst([a], 1, k));
      expect(no?.message).toContain('100 tokens per minute');
    } finally {
      await a.limits.close();
    }
  });

  it('a key without a tpm or budget keeps its spend in the batch (no write of its own)', async () => {
    const own = testPrefix();
    const a = await instance(redis.url, own, { chargeFlushMs: 60_000 });
    const watch = new Redis(redis.url);
    try {
      const k = key({ rpm: 1000 });
      const day = `${own}credits-day:${k.id}:${Math.floor(Date.now() / 86_400_000)}`;
      for (let i = 0; i < 3; i++) {
        admitted(await burst([a], 1, k))[0]?.();
        for (const s of a.limits.subscribers) s(record(k.id, { costNanoAiu: NANO_PER_CREDIT }));
      }
      expect(await watch.get(day)).toBeNull();
      await a.limits.close();
      expect(Number(await watch.get(day))).toBe(3 * NANO_PER_CREDIT);
    } finally {
      watch.disconnect();
      await a.limits.close();
    }
  });
});

describe.runIf(run)('the lean connection of the request path', () => {
  it('counts exactly with an instance that goes through ioredis alone', async () => {
    const redis = await testRedis();
    const prefix = testPrefix();
    const a = await instance(redis.url, prefix);
    const b = await instance(redis.url, prefix, { linkOnly: true });
    try {
      expect(admitted(await burst([a, b], 40, key({ rpm: 9 })))).toHaveLength(9);
      const k = key({ concurrent: 4 });
      const held = admitted(await burst([a, b], 30, k));
      expect(held).toHaveLength(4);
      for (const r of held) r();
      // Both kinds of release (the lean connection's and ioredis's) free the slots.
      await until(async () => {
        const out = admitted(await burst([a, b], 4, k));
        for (const r of out) r();
        return out.length === 4;
      });
    } finally {
      await a.limits.close();
      await b.limits.close();
      await redis.close();
    }
  });

  it('admits and counts on after Redis forgot the script (SCRIPT FLUSH)', async () => {
    const own = await startOwnRedis();
    const prefix = testPrefix();
    const a = await instance(own.url, prefix);
    const admin = new Redis(own.url);
    try {
      const k = key({ rpm: 6 });
      expect(admitted(await burst([a], 2, k))).toHaveLength(2);
      await admin.script('FLUSH');
      expect(admitted(await burst([a], 3, k))).toHaveLength(3);
      expect(a.link.up).toBe(true);
      expect(admitted(await burst([a], 5, k))).toHaveLength(1);
      // The charges' script too: tokens charged after the flush still refuse the key.
      const t = key({ tpm: 100 });
      admitted(await burst([a], 1, t))[0]?.();
      await admin.script('FLUSH');
      for (const s of a.limits.subscribers) s(record(t.id, { usage: { inputTokens: 90, outputTokens: 60 } }));
      await until(async () => refused(await burst([a], 1, t)).length === 1);
      expect(a.link.up).toBe(true);
    } finally {
      admin.disconnect();
      await a.limits.close();
      await own.close();
    }
  });
});

describe.runIf(run)('losing Redis', () => {
  it('degrades to per-instance limits with one warning, and shares again once it is back', async () => {
    const own = await startOwnRedis();
    const log = memoryLogger('info');
    const prefix = testPrefix();
    const a = await instance(own.url, prefix, { log });
    const b = await instance(own.url, prefix);
    try {
      const k = key({ rpm: 4 });
      expect(admitted(await burst([a], 2, k))).toHaveLength(2);
      expect(admitted(await burst([b], 5, k))).toHaveLength(2);
      await own.kill();
      await until(async () => !a.link.up);
      // Every request is still answered; each instance judges alone from what it saw itself:
      // a admitted 2 of the key's 4 while shared, so it admits 2 more, and b (2 seen) 2 more too.
      const out = await burst([a], 10, k);
      expect(admitted(out)).toHaveLength(2);
      expect(refused(out).every((e) => e.code === 'key_rate_limited')).toBe(true);
      expect(admitted(await burst([b], 10, k))).toHaveLength(2);
      expect(await a.limits.readiness()).toMatchObject({ ok: false, configured: true, shared: false });
      const warnings = log.lines.filter((l) => l.includes('unreachable'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('per instance');
      await own.restart();
      await until(async () => a.link.up && b.link.up);
      expect(log.lines.filter((l) => l.includes('answers again'))).toHaveLength(1);
      // Shared again: a fresh key's rpm counts across both.
      const k3 = key({ rpm: 5 });
      expect(admitted(await burst([a, b], 12, k3))).toHaveLength(5);
    } finally {
      await a.limits.close();
      await b.limits.close();
      await own.close();
    }
  });
});
