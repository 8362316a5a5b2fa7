// Two gateway instances on one Redis, against the emulator, driven with the official SDKs: a
// per-key requests-per-minute limit holds across both; an account's cooldown on one is honoured
// by the other at once (and by an instance that starts later); Redis killed mid-run costs no
// request (one warning, limits per instance, /readyz not ready) and once back limits are shared
// again. The instances share no state through their stores (sqlite-twins.ts): only Redis.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  redisAvailable,
  scriptCalls,
  startOwnRedis,
  testPrefix,
  testRedis,
} from '../../src/shared-limits/test-support.js';
import { startTwins, type Twin, type Twins } from './sqlite-twins.js';

const run = redisAvailable();
const USERS = [
  { token: 'ghu_alice', login: 'alice' },
  { token: 'ghu_bob', login: 'bob' },
];

let twins: Twins | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await twins?.close();
  twins = undefined;
  for (const c of cleanups.splice(0)) await c();
});

const openai = (t: Twin, key: string) => new OpenAI({ baseURL: `${t.url}/v1`, apiKey: key, maxRetries: 0 });
const anthropic = (t: Twin, key: string) => new Anthropic({ baseURL: t.url, apiKey: key, maxRetries: 0 });

async function chat(t: Twin, key: string): Promise<number> {
  try {
    await openai(t, key).chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'hello' }],
    });
    return 200;
  } catch (err) {
    if (err instanceof OpenAI.APIError) {
      if (err.status === 429) expect(err.code).toBe('key_rate_limited');
      return err.status ?? 0;
    }
    throw err;
  }
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

async function ready(
  t: Twin,
): Promise<{ status: number; body: { ready: boolean; checks: Record<string, unknown> } }> {
  const res = await fetch(`${t.url}/readyz`);
  return {
    status: res.status,
    body: (await res.json()) as { ready: boolean; checks: Record<string, unknown> },
  };
}

describe.runIf(run)('two instances on one Redis', () => {
  /** A client of the test's own Redis, closed after the test. */
  async function probeOf(url: string) {
    const { Redis } = await import('ioredis');
    const probe = new Redis(url);
    cleanups.push(async () => probe.disconnect());
    return probe;
  }

  async function start(keyLimits?: { rpm?: number }, url?: string): Promise<Twins> {
    const redis = url ? { url, close: async () => {} } : await testRedis();
    cleanups.push(() => redis.close());
    twins = await startTwins({
      emulator: { users: USERS },
      accounts: [
        { token: 'ghu_alice', label: 'alice' },
        { token: 'ghu_bob', label: 'bob' },
      ],
      keyLimits,
      settings: { redisUrl: redis.url, redisKeyPrefix: testPrefix() },
    });
    return twins;
  }

  it('enforces a per-key requests-per-minute limit across both instances', async () => {
    const t = await start({ rpm: 5 });
    const [a, b] = t.instances as [Twin, Twin];
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => chat(i % 2 ? b : a, t.keySecret)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    // Each instance alone would have admitted 5: together they reached Copilot 5 times.
    expect(t.emulator.userRequests('alice') + t.emulator.userRequests('bob')).toBe(5);
    expect(await ready(a)).toEqual({
      status: 200,
      body: {
        ready: true,
        checks: {
          database: { ok: true, backend: 'sqlite' },
          redis: { ok: true, configured: true, shared: true },
        },
      },
    });
  });

  it('costs one Redis round trip per request with a limited key at most, none without limits', async () => {
    const own = await startOwnRedis();
    cleanups.push(() => own.close());
    // Under 64 rpm: judged request by request (larger limits are granted ahead, below).
    const t = await start({ rpm: 60 }, own.url);
    const [a, b] = t.instances as [Twin, Twin];
    const probe = await probeOf(own.url);
    const scripts = () => scriptCalls(probe);
    const before = await scripts();
    for (let i = 0; i < 3; i++)
      expect([await chat(a, t.keySecret), await chat(b, t.keySecret)]).toEqual([200, 200]);
    // gpt-5-mini costs no credits on the emulator's plan, so no charge follows: admissions only.
    expect((await scripts()) - before).toBe(6);
    const { secret } = await a.store.keys.create({ name: 'unlimited' });
    const middle = await scripts();
    for (let i = 0; i < 3; i++) expect(await chat(a, secret)).toBe(200);
    expect((await scripts()) - middle).toBe(0);
  });

  it('grants a key with a large limit admissions ahead: one round trip per instance for its next requests', async () => {
    const own = await startOwnRedis();
    cleanups.push(() => own.close());
    const t = await start({ rpm: 100_000 }, own.url);
    const [a, b] = t.instances as [Twin, Twin];
    const probe = await probeOf(own.url);
    const scripts = () => scriptCalls(probe);
    const before = await scripts();
    for (let i = 0; i < 4; i++)
      expect([await chat(a, t.keySecret), await chat(b, t.keySecret)]).toEqual([200, 200]);
    // The first request on each instance was granted 4 (itself and the next three).
    expect((await scripts()) - before).toBe(2);
    const [window] = await probe.keys('*rpm:*');
    expect(await probe.zcard(window as string)).toBe(8);
  });

  it("honours one instance's account cooldown on the other at once, and on an instance started later", async () => {
    const t = await start();
    const [a, b] = t.instances as [Twin, Twin];
    const ask = (x: Twin) =>
      anthropic(x, t.keySecret).messages.create({
        model: 'claude-sonnet-4.5',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
      });
    // Every attempt that reached Copilot's /v1/messages (the refused ones too).
    const attempts = () =>
      t.emulator.requests.filter((r) => r.server === 'copilot' && r.path === '/v1/messages').length;
    await ask(b);
    expect([t.emulator.userRequests('alice'), attempts()]).toEqual([1, 1]);
    t.emulator.limitUser('alice', 'weekly', 900);
    // Instance a meets the limit (alice refuses), fails over to bob, and tells everyone.
    await ask(a);
    expect([t.emulator.userRequests('bob'), attempts()]).toEqual([1, 3]);
    const cooling = async (x: Twin) =>
      (await x.gateway.ctx.pool.usage()).find((m) => m.label === 'alice')?.state === 'cooling';
    await until(() => cooling(b));
    // b never asks alice again: without the broadcast it would try her first (one more attempt
    // each time she refuses) before failing over.
    await ask(b);
    await ask(b);
    expect([t.emulator.userRequests('bob'), attempts()]).toEqual([3, 5]);
    expect(b.log.lines.some((l) => l.includes('seen by another instance'))).toBe(true);
    // b's own store never heard of it: the state came through Redis.
    expect((await b.store.accounts.states()).every((s) => !s.cooldownUntil)).toBe(true);
    // An instance that starts now reads the stored state.
    const c = await t.add();
    await until(() => cooling(c));
    await ask(c);
    expect([t.emulator.userRequests('bob'), attempts()]).toEqual([4, 6]);
  });

  it('keeps answering when Redis dies (one warning, limits per instance), and shares again when it is back', async () => {
    const own = await startOwnRedis();
    cleanups.push(() => own.close());
    const t = await start({ rpm: 4 }, own.url);
    const [a, b] = t.instances as [Twin, Twin];
    expect([await chat(a, t.keySecret), await chat(b, t.keySecret)]).toEqual([200, 200]);
    await own.kill();
    // Every request is answered; each instance now judges the key's 4 per minute alone, from
    // what it admitted itself (1 each while shared): 3 more each, then 429s — never a 5xx.
    const during = [];
    for (let i = 0; i < 5; i++) during.push(await chat(a, t.keySecret), await chat(b, t.keySecret));
    expect(during.filter((s) => s === 200)).toHaveLength(6);
    expect(during.every((s) => s === 200 || s === 429)).toBe(true);
    for (const x of [a, b]) {
      expect(x.log.lines.filter((l) => l.includes('is unreachable'))).toHaveLength(1);
      const r = await ready(x);
      expect(r.status).toBe(503);
      expect(r.body.checks.redis).toMatchObject({ ok: false, configured: true, shared: false });
      expect(JSON.stringify(r.body)).not.toContain('redis://');
    }
    await own.restart();
    await until(async () => (await ready(a)).status === 200 && (await ready(b)).status === 200);
    for (const x of [a, b]) expect(x.log.lines.filter((l) => l.includes('answers again'))).toHaveLength(1);
    // Shared again: the new (empty) Redis counts for both. Alone, each instance would refuse
    // every request (it saw 4 in the last minute); together they get the key's 4 once.
    const after = [];
    for (let i = 0; i < 4; i++) after.push(await chat(a, t.keySecret), await chat(b, t.keySecret));
    expect(after.filter((s) => s === 200)).toHaveLength(4);
  });

  it('starts while Redis is down (serves, one warning, not ready) and shares once Redis is up', async () => {
    const own = await startOwnRedis();
    cleanups.push(() => own.close());
    await own.kill();
    const t = await start({ rpm: 3 }, own.url);
    const [a, b] = t.instances as [Twin, Twin];
    expect([await chat(a, t.keySecret), await chat(b, t.keySecret)]).toEqual([200, 200]);
    expect((await ready(a)).status).toBe(503);
    expect(a.log.lines.filter((l) => l.includes('is unreachable'))).toHaveLength(1);
    await own.restart();
    await until(async () => (await ready(a)).status === 200 && (await ready(b)).status === 200);
    // Shared now (Redis saw none of the first two): 3 for the key across both, where each
    // instance alone would still allow 2 more (4 together).
    const after = [];
    for (let i = 0; i < 4; i++) after.push(await chat(a, t.keySecret), await chat(b, t.keySecret));
    expect(after.filter((s) => s === 200)).toHaveLength(3);
  });
});
