// Several gateway instances on one PostgreSQL (a fresh schema) and one emulator, over real sockets,
// driven with the official SDK clients: what one instance changes, the others honour.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, expect, it, vi } from 'vitest';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { describeWithPostgres } from '../../src/test-support/test-database.js';
import { type Cluster, type ClusterInstance, startCluster } from './harness.js';

const USERS = [
  { token: 'ghu_alice', login: 'alice' },
  { token: 'ghu_bob', login: 'bob' },
];

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const openai = (i: ClusterInstance, apiKey = 'unused') =>
  new OpenAI({ baseURL: `${i.url}/v1`, apiKey, maxRetries: 0 });
const anthropic = (i: ClusterInstance) => new Anthropic({ baseURL: i.url, apiKey: 'unused', maxRetries: 0 });

async function chat(i: ClusterInstance, apiKey?: string) {
  return openai(i, apiKey).chat.completions.create({
    model: 'gpt-5-mini',
    messages: [{ role: 'user', content: 'hello' }],
  });
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
}

describeWithPostgres('cluster on one PostgreSQL', () => {
  it('a key created on one instance works on the other at once; revoked, both refuse it within a second', async () => {
    cluster = await startCluster();
    const [a, b] = cluster.instances;
    // Keys exist from now on: loopback clients need one too.
    await a.store.keys.create({ name: 'first' });
    const { key, secret } = await a.store.keys.create({ name: 'laptop' });
    expect((await chat(b, secret)).choices[0].message.content).toBeTruthy();
    expect((await chat(a, secret)).choices[0].message.content).toBeTruthy();
    await b.store.keys.revoke(key.id);
    // Polled (vi.waitFor gives up after 1 s): the other instance hears of it by LISTEN/NOTIFY.
    await vi.waitFor(async () => expect(await status(chat(a, secret))).toBe(401), { timeout: 1000 });
    expect(await status(chat(b, secret))).toBe(401);
  });

  it('writes usage from both instances into one log', async () => {
    cluster = await startCluster();
    const [a, b] = cluster.instances;
    await chat(a);
    await chat(b);
    await chat(b);
    for (const i of cluster.instances) await i.gateway.ctx.usage.usageLog.writer.flush();
    const rows = await a.store.usage.list({});
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.traceId)).size).toBe(3);
    expect((await b.store.usage.summary('model')).find((g) => g.group === 'gpt-5-mini')?.requests).toBe(3);
  });

  it('keeps a conversation alternating between instances on one account', async () => {
    cluster = await startCluster({
      emulator: { users: USERS },
      accounts: [{ token: 'ghu_alice' }, { token: 'ghu_bob' }],
      settings: { pool: { strategy: 'round-robin', affinityTtlSec: 600 } },
    });
    const [a, b] = cluster.instances;
    const served = () => ({
      alice: cluster?.emulator.userRequests('alice'),
      bob: cluster?.emulator.userRequests('bob'),
    });
    const ask = (i: ClusterInstance, session: string) =>
      anthropic(i).messages.create({
        model: 'claude-sonnet-4.5',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'turn' }],
        metadata: { user_id: `user_abc_account_def_session_${session}` },
      });
    await ask(a, 'c1');
    const owner = served().alice === 1 ? 'alice' : 'bob';
    // Round-robin would alternate accounts; affinity keeps c1 where it started, on either instance.
    for (const [n, i] of [b, a, b, b, a].entries()) {
      const before = served()[owner] ?? 0;
      await ask(i, 'c1');
      expect(served()[owner], `turn ${n + 2} of c1`).toBe(before + 1);
      await ask(i, `other-${n}`);
    }
    // The other conversations (unbound at first) did go to both accounts.
    expect(served().alice).toBeGreaterThan(0);
    expect(served().bob).toBeGreaterThan(0);
  });

  it("honours an account's cooldown recorded by the other instance (no Redis)", async () => {
    cluster = await startCluster({
      emulator: { users: USERS },
      accounts: [{ token: 'ghu_alice' }, { token: 'ghu_bob' }],
      settings: { retry: { maxAttempts: 2, maxRetryAfterSec: 1, baseDelayMs: 5 } },
    });
    const [a, b] = cluster.instances;
    const em = cluster.emulator;
    // Every chat call Copilot received, served or refused.
    const attempts = () =>
      em.requests.filter((r) => r.server === 'copilot' && r.path === '/chat/completions').length;
    await chat(a);
    await chat(b);
    expect([em.userRequests('alice'), em.userRequests('bob')]).toEqual([2, 0]);
    em.limitUser('alice', 'weekly', 900);
    // A meets the limit, fails over to bob and records alice's cooldown in the database.
    const beforeA = attempts();
    const stampB = b.store.accounts.changeStamp();
    await chat(a);
    expect(attempts() - beforeA).toBe(2);
    expect(em.userRequests('bob')).toBe(1);
    // B hears of it (NOTIFY, sent with the cooldown's commit): its pool reloads and no longer
    // asks alice at all, one attempt.
    await vi.waitFor(() => expect(b.store.accounts.changeStamp()).not.toBe(stampB));
    const beforeB = attempts();
    await chat(b);
    expect(attempts() - beforeB).toBe(1);
    expect(em.userRequests('bob')).toBe(2);
  });

  it('serves an account added, disabled and removed through another instance', async () => {
    cluster = await startCluster({ emulator: { users: USERS }, accounts: [{ token: 'ghu_alice' }] });
    const [a, b] = cluster.instances;
    await chat(b);
    expect(cluster.emulator.userRequests('alice')).toBe(1);
    const alice = await a.store.accounts.find('alice');
    const bob = await a.store.accounts.add({
      login: 'bob',
      kind: 'oauth',
      githubUrl: cluster.emulator.githubUrl,
      token: 'ghu_bob',
      priority: -1,
    });
    await a.store.accounts.update(alice?.id as string, { enabled: false });
    await vi.waitFor(async () => {
      await chat(b);
      expect(cluster?.emulator.userRequests('bob')).toBeGreaterThan(0);
    });
    const aliceBefore = cluster.emulator.userRequests('alice');
    await chat(b);
    expect(cluster.emulator.userRequests('alice')).toBe(aliceBefore);
    await a.store.accounts.update(alice?.id as string, { enabled: true });
    await a.store.accounts.remove(bob.id);
    await vi.waitFor(async () => {
      await chat(b);
      expect(cluster?.emulator.userRequests('alice')).toBeGreaterThan(aliceBefore);
    });
  });

  it('four instances starting at once share one schema and report ready', async () => {
    cluster = await startCluster({ instances: 4 });
    for (const i of cluster.instances) {
      const res = await fetch(`${i.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        ready: true,
        checks: { database: { ok: true, backend: 'postgres' } },
      });
    }
    const n = await (
      cluster.instances[0].store as unknown as {
        pool: { query(s: string): Promise<{ rows: { n: number }[] }> };
      }
    ).pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    // Each migration recorded once, though four instances ran them at the same moment.
    expect(n.rows[0].n).toBe(PG_MIGRATIONS.length);
  });
});
