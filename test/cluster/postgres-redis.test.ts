// The deployment of compose.cluster.yaml in one process: two gateway instances on one PostgreSQL
// and one Redis, against the emulator, driven with the official SDKs. A key created through one
// instance is limited across both; an account's cooldown met on one is honoured by the other.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, expect, it } from 'vitest';
import { redisAvailable, testPrefix, testRedis } from '../../src/shared-limits/test-support.js';
import { describeWithPostgres } from '../../src/test-support/test-database.js';
import { type Cluster, type ClusterInstance, startCluster } from './harness.js';

const USERS = [
  { token: 'ghu_alice', login: 'alice' },
  { token: 'ghu_bob', login: 'bob' },
];
const withRedis = redisAvailable();

let cluster: Cluster | undefined;
let redis: { url: string; close(): Promise<void> } | undefined;
afterEach(async () => {
  await cluster?.close();
  await redis?.close();
  cluster = undefined;
  redis = undefined;
});

async function start(): Promise<Cluster> {
  redis = await testRedis();
  const { url } = redis;
  cluster = await startCluster({
    emulator: { users: USERS },
    accounts: [
      { token: 'ghu_alice', label: 'alice' },
      { token: 'ghu_bob', label: 'bob' },
    ],
    settings: { redisUrl: url, redisKeyPrefix: testPrefix() },
  });
  return cluster;
}

async function chat(i: ClusterInstance, apiKey: string): Promise<number> {
  try {
    await new OpenAI({ baseURL: `${i.url}/v1`, apiKey, maxRetries: 0 }).chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'hello' }],
    });
    return 200;
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
}

describeWithPostgres('two instances on one PostgreSQL and one Redis', () => {
  it.runIf(withRedis)('a per-key requests-per-minute limit holds across both; both are ready', async () => {
    const c = await start();
    const [a, b] = c.instances as [ClusterInstance, ClusterInstance];
    const { secret } = await a.store.keys.create({ name: 'ci', limits: { rpm: 4 } });
    const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => chat(i % 2 ? b : a, secret)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    for (const i of [a, b]) {
      const res = await fetch(`${i.url}/readyz`);
      expect(await res.json()).toEqual({
        ready: true,
        checks: {
          database: { ok: true, backend: 'postgres' },
          redis: { ok: true, configured: true, shared: true },
        },
      });
    }
  });

  it.runIf(withRedis)("an account's cooldown met on one instance is honoured by the other", async () => {
    const c = await start();
    const [a, b] = c.instances as [ClusterInstance, ClusterInstance];
    const attempts = () =>
      c.emulator.requests.filter((r) => r.server === 'copilot' && r.path === '/v1/messages').length;
    const ask = (i: ClusterInstance) =>
      new Anthropic({ baseURL: i.url, apiKey: 'unused', maxRetries: 0 }).messages.create({
        model: 'claude-sonnet-4.5',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
      });
    await ask(b);
    c.emulator.limitUser('alice', 'quota', 900);
    await ask(a);
    expect(attempts()).toBe(3);
    const cooling = async () =>
      (await b.gateway.ctx.pool.usage()).find((m) => m.label === 'alice')?.state === 'cooling';
    while (!(await cooling())) await new Promise((r) => setTimeout(r, 20));
    await ask(b);
    await ask(b);
    // One attempt each: b goes straight to bob.
    expect(attempts()).toBe(5);
    expect(c.emulator.userRequests('bob')).toBe(3);
  });
});
