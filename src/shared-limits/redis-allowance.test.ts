// Admissions taken ahead (allowance.ts) against a real Redis: a key with large limits costs a
// round trip per grant, not per request, and two instances together still never admit more than
// the limit; what one holds unused goes back to the other.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admitted, burst, type Instance, instance, key, refused, until } from './test-helpers.js';
import { type OwnRedis, redisAvailable, scriptCalls, startOwnRedis, testPrefix } from './test-support.js';

const run = redisAvailable();

/** `n` admissions one after the other, each released before the next. */
async function oneByOne(on: Instance[], n: number, k: ReturnType<typeof key>): Promise<number> {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const [r] = admitted(await burst([on[i % on.length] as Instance], 1, k));
    if (r) {
      ok++;
      r();
    }
  }
  return ok;
}

describe.runIf(run)('admissions taken ahead for keys with large limits', () => {
  let redis: OwnRedis;
  let watch: Redis;

  beforeAll(async () => {
    redis = await startOwnRedis();
    watch = new Redis(redis.url);
  });
  afterAll(async () => {
    watch?.disconnect();
    await redis?.close();
  });

  it('a key with large rpm and concurrency limits costs a round trip per grant, not per request', async () => {
    const prefix = testPrefix();
    const a = await instance(redis.url, prefix);
    try {
      const k = key({ rpm: 100_000, concurrent: 1000 });
      const before = await scriptCalls(watch);
      expect(await oneByOne([a], 500, k)).toBe(500);
      const calls = (await scriptCalls(watch)) - before;
      // Grants of 4, 8, 16, 32, then 64 (the charges and releases batches count too).
      expect(calls).toBeLessThanOrEqual(15);
      // Every admission is in the shared window, and what is held unused too (counted as taken).
      expect(await watch.zcard(`${prefix}rpm:${k.id}`)).toBeGreaterThanOrEqual(500);
    } finally {
      await a.limits.close();
    }
    // Closing gives back the unused entries and the idle slots.
    const k2 = `${prefix}rpm:`;
    const [rpmKey] = await watch.keys(`${k2}*`);
    await until(async () => (await watch.zcard(rpmKey as string)) === 500);
    const [concKey] = await watch.keys(`${prefix}conc:*`);
    expect(concKey === undefined || (await watch.zcard(concKey)) === 0).toBe(true);
  });

  it('two instances never admit more than the limit together; unused entries go back when their life ends', async () => {
    const prefix = testPrefix();
    const a = await instance(redis.url, prefix, { allowanceLifeMs: 200 });
    const b = await instance(redis.url, prefix, { allowanceLifeMs: 200 });
    try {
      const k = key({ rpm: 64 });
      // One after the other, alternating, and in concurrent bursts: never more than 64.
      let ok = await oneByOne([a, b], 50, k);
      ok += admitted(await burst([a, b], 100, k)).length;
      expect(ok).toBeLessThanOrEqual(64);
      // What one instance still holds unused comes back after its life; then exactly 64 in all.
      await new Promise((r) => setTimeout(r, 400));
      ok += await oneByOne([b, a], 100, k);
      expect(ok).toBe(64);
      const [no] = refused(await burst([a, b], 2, k));
      expect(no?.message).toContain('64 requests per minute');
      expect(await watch.zcard(`${prefix}rpm:${k.id}`)).toBe(64);
    } finally {
      await a.limits.close();
      await b.limits.close();
    }
  });

  it('concurrency: never more slots than the limit across both; idle ones go back after idleMs', async () => {
    const prefix = testPrefix();
    const a = await instance(redis.url, prefix, { allowanceIdleMs: 150 });
    const b = await instance(redis.url, prefix, { allowanceIdleMs: 150 });
    const set = `${prefix}conc:`;
    try {
      const k = key({ concurrent: 16 });
      const held = admitted(await burst([a, b], 40, k));
      expect(held.length).toBeGreaterThan(0);
      expect(held.length).toBeLessThanOrEqual(16);
      for (const r of held) r();
      // Warm a's pool, then release: a keeps at most 16 / 8 = 2 idle slots for its next requests.
      const mine = admitted(await burst([a], 16, k));
      for (const r of mine) r();
      await until(async () => (await watch.zcard(`${set}${k.id}`)) <= 2);
      expect(admitted(await burst([b], 16, k)).length).toBeGreaterThanOrEqual(14);
      // ...and gives them back once idle for idleMs: b then holds all 16 (with what it kept).
    } finally {
      await a.limits.close();
      await b.limits.close();
    }
    const k = key({ concurrent: 16 });
    const c = await instance(redis.url, prefix, { allowanceIdleMs: 150 });
    const d = await instance(redis.url, prefix, { allowanceIdleMs: 150 });
    try {
      const first = admitted(await burst([c], 16, k));
      expect(first).toHaveLength(16);
      for (const r of first) r();
      await until(async () => (await watch.zcard(`${set}${k.id}`)) === 0);
      const second = admitted(await burst([d], 17, k));
      expect(second).toHaveLength(16);
      for (const r of second) r();
    } finally {
      await c.limits.close();
      await d.limits.close();
    }
  });

  it.each([
    ['limits under the thresholds', { rpm: 63, concurrent: 15 }],
    ['a credit budget', { rpm: 100_000, dailyCredits: 100 }],
  ])('a key with %s is judged request by request', async (_, limits) => {
    const prefix = testPrefix();
    const a = await instance(redis.url, prefix);
    try {
      const k = key(limits);
      const before = await scriptCalls(watch);
      expect(await oneByOne([a], 20, k)).toBe(20);
      expect((await scriptCalls(watch)) - before).toBeGreaterThanOrEqual(20);
      expect(await watch.zcard(`${prefix}rpm:${k.id}`)).toBe(20);
    } finally {
      await a.limits.close();
    }
  });

  it('what was taken ahead is asked for again after Redis came back empty', async () => {
    const own = await startOwnRedis();
    const prefix = testPrefix();
    const a = await instance(own.url, prefix);
    const probe = new Redis(own.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    probe.on('error', () => {});
    try {
      const k = key({ rpm: 100_000, concurrent: 1000 });
      expect(await oneByOne([a], 30, k)).toBe(30);
      await own.kill();
      // Away: the local limits admit.
      await until(async () => !a.link.up);
      expect(await oneByOne([a], 5, k)).toBe(5);
      await own.restart();
      await until(async () => a.link.up);
      // Back and empty: the next admission is judged (and recorded) by Redis again.
      expect(await oneByOne([a], 3, k)).toBe(3);
      await probe.connect();
      expect(await probe.zcard(`${prefix}rpm:${k.id}`)).toBeGreaterThanOrEqual(3);
    } finally {
      probe.disconnect();
      await a.limits.close();
      await own.close();
    }
  });
});
