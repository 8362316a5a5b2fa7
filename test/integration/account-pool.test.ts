// The account pool end to end: gateway + emulator with several users over real sockets, driven
// with the official @anthropic-ai/sdk and openai clients.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';
import { startGateway } from '../../src/gateway/start.js';
import { openDataDirStore } from '../../src/test-support/test-store-mode.js';
import { createGitHubClient } from '../../src/upstream/github-client.js';
import { silentLogger } from '../../src/util/log.js';

const USERS = [
  { token: 'ghu_alice', login: 'alice' },
  { token: 'ghu_bob', login: 'bob' },
];

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start(options: Parameters<typeof startLocalStack>[0] = {}): Promise<LocalStack> {
  stack = await startLocalStack({
    emulator: { users: USERS },
    accounts: [{ token: 'ghu_alice' }, { token: 'ghu_bob' }],
    ...options,
    settings: { retry: { maxAttempts: 2, maxRetryAfterSec: 1, baseDelayMs: 5 }, ...options.settings },
  });
  return stack;
}

const anthropic = (s: LocalStack) => new Anthropic({ baseURL: s.url, apiKey: 'unused', maxRetries: 0 });
const openai = (s: LocalStack) => new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'unused', maxRetries: 0 });

async function ask(s: LocalStack, text = 'hello', extra: Record<string, unknown> = {}) {
  return anthropic(s).messages.create({
    model: 'claude-sonnet-4.5',
    max_tokens: 256,
    messages: [{ role: 'user', content: text }],
    ...extra,
  });
}

function served(s: LocalStack) {
  return { alice: s.emulator.userRequests('alice'), bob: s.emulator.userRequests('bob') };
}

async function stateOf(s: LocalStack, label: string) {
  const a = await s.store.accounts.find(label);
  return (await s.store.accounts.states()).find((x) => x.accountId === a?.id);
}

describe('account pool', () => {
  it.each([
    ['session', 'user_global_rate_limited:pro', 429],
    ['weekly', 'user_weekly_rate_limited', 429],
    ['quota', 'quota_exceeded', 402],
    ['extension_blocked', 'extension_blocked', 429],
  ] as const)(
    'fails over when the first account hits its %s limit, and records the cooldown',
    async (kind, reason) => {
      const s = await start();
      await ask(s);
      expect(served(s)).toEqual({ alice: 1, bob: 0 });
      s.emulator.limitUser('alice', kind, 900);
      const before = Date.now();
      const reply = await ask(s, 'after the limit');
      expect(reply.content[0]).toMatchObject({ type: 'text' });
      expect(served(s)).toEqual({ alice: 1, bob: 1 });
      const st = await stateOf(s, 'alice');
      expect(st?.reason).toBe(reason);
      expect(st?.cooldownUntil).toBeGreaterThanOrEqual(before + 890_000);
      // The cooling account is not asked again while it cools down.
      await ask(s, 'third');
      expect(served(s)).toEqual({ alice: 1, bob: 2 });
    },
  );

  it('fails over on a long plain 429, a 401 a refresh does not cure, and a dropped connection', async () => {
    const s = await start();
    s.emulator.limitUser('alice', 'global', 600);
    await ask(s, 'global limit');
    expect(served(s).bob).toBe(1);
    s.emulator.resetUser('alice');
    await s.store.accounts.clearCooldown((await s.store.accounts.find('alice'))!.id);

    const s2 = await start();
    s2.emulator.injectFault({
      match: { path: '/v1/messages' },
      times: 2,
      fault: { kind: 'status', status: 401, body: 'unauthorized' },
    });
    await ask(s2, '401 twice');
    expect(served(s2)).toEqual({ alice: 0, bob: 1 });
    expect(await stateOf(s2, 'alice')).toMatchObject({ failing: true });
    await s.close();

    const s3 = await start();
    s3.emulator.injectFault({
      match: { path: '/v1/messages' },
      times: 1,
      fault: { kind: 'drop-connection' },
    });
    await ask(s3, 'dropped');
    expect(served(s3)).toEqual({ alice: 0, bob: 1 });
    // A connection failure does not cool the account down: the next request goes to alice again.
    await ask(s3, 'next');
    expect(served(s3)).toEqual({ alice: 1, bob: 1 });
    await s2.close();
  });

  it('retries a short plain 429 on the same account', async () => {
    const s = await start();
    s.emulator.injectFault({
      match: { path: '/v1/messages' },
      fault: {
        kind: 'status',
        status: 429,
        body: { error: { message: 'slow down', code: 'rate_limited' } },
        headers: { 'retry-after': '0' },
      },
    });
    await ask(s);
    expect(served(s)).toEqual({ alice: 1, bob: 0 });
  });

  it('answers a 429 in the caller’s shape with the soonest reset when every account is limited', async () => {
    const s = await start();
    s.emulator.limitUser('alice', 'weekly', 7200);
    s.emulator.limitUser('bob', 'session', 300);
    const err = (await ask(s).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect(err.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(err.message).toMatch(/soonest, bob, is back at/);
    const after = Number(err.headers?.get('retry-after'));
    expect(after).toBeGreaterThan(280);
    expect(after).toBeLessThanOrEqual(300);
    // OpenAI clients hear it in their own shape too, without another upstream call.
    const calls = s.emulator.requests.length;
    const oe = (await openai(s)
      .chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(oe.status).toBe(429);
    expect(oe.headers?.get('retry-after')).toBeTruthy();
    expect(s.emulator.requests.length).toBe(calls);
  });

  it('comes back by itself when its cooldown ends', async () => {
    const s = await start();
    s.emulator.limitUser('alice', 'session', 1);
    await ask(s, 'while limited');
    expect(served(s)).toEqual({ alice: 0, bob: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    await ask(s, 'after the reset');
    expect(served(s)).toEqual({ alice: 1, bob: 1 });
    expect((await stateOf(s, 'alice'))?.cooldownUntil).toBeUndefined();
  });

  it('skips an account whose own catalogue lacks the model', async () => {
    stack = await startLocalStack({
      emulator: { users: [{ token: 'ghu_alice', login: 'alice', models: ['gpt-4.1'] }, USERS[1]] },
      accounts: [{ token: 'ghu_alice' }, { token: 'ghu_bob' }],
    });
    await ask(stack, 'claude please');
    expect(served(stack)).toEqual({ alice: 0, bob: 1 });
    const models = await openai(stack).models.list();
    expect(models.data.map((m) => m.id)).toContain('claude-sonnet-4.5');
  });

  it('keeps a conversation on its account across turns and across a restart (round-robin)', async () => {
    const s = await start({ settings: { pool: { strategy: 'round-robin', affinityTtlSec: 600 } } });
    const conv = (id: string) => ({ metadata: { user_id: `user_abc_account_def_session_${id}` } });
    await ask(s, 'turn 1', conv('c1')); // alice (round-robin starts at alice)
    await ask(s, 'turn 1', conv('c2')); // bob
    await ask(s, 'turn 2', conv('c1'));
    await ask(s, 'turn 3', conv('c1'));
    expect(served(s)).toEqual({ alice: 3, bob: 1 });
    // A new gateway over the same store (a restart, or a second instance) keeps the binding.
    const github = createGitHubClient(s.settings, silentLogger());
    const again = await startGateway(
      { ...s.settings, port: 0 },
      { log: silentLogger(), github, store: s.store },
    );
    try {
      await anthropic({ ...s, url: again.url }).messages.create({
        model: 'claude-sonnet-4.5',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'turn 1' }],
        ...conv('c2'),
      });
      expect(served(s)).toEqual({ alice: 3, bob: 2 });
    } finally {
      await again.close();
      await github.close();
    }
  });

  it('keeps a previous_response_id chain on the account of its first turn', async () => {
    const s = await start({ settings: { pool: { strategy: 'round-robin', affinityTtlSec: 600 } } });
    const client = openai(s);
    let prev = await client.responses.create({ model: 'gpt-5-codex', input: 'turn 1' }); // alice
    await client.responses.create({ model: 'gpt-5-codex', input: 'another conversation' }); // bob
    for (const text of ['turn 2', 'turn 3', 'turn 4'])
      prev = await client.responses.create({
        model: 'gpt-5-codex',
        input: text,
        previous_response_id: prev.id,
      });
    expect(served(s)).toEqual({ alice: 4, bob: 1 });
    // Each stored turn names the account that produced it (its reasoning is bound to it).
    const ids = Object.fromEntries((await s.store.accounts.list()).map((a) => [a.login, a.id]));
    expect((await s.store.responses.get(prev.id))?.accountId).toBe(ids.alice);
  });

  it('moves a conversation with thinking signatures in its history to another account', async () => {
    const s = await start();
    const client = anthropic(s);
    const tools = [
      {
        name: 'get_weather',
        description: 'weather',
        input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } },
      },
    ];
    const meta = { user_id: 'user_abc_account_def_session_move-me' };
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    const first = await client.messages.create({
      model: 'claude-sonnet-4.5',
      max_tokens: 4096,
      thinking,
      tools,
      metadata: meta,
      messages: [{ role: 'user', content: 'Weather? [[tool:get_weather {"city":"Paris"}]]' }],
    });
    expect(first.content[0]).toMatchObject({ type: 'thinking' });
    const call = first.content.find((b) => b.type === 'tool_use');
    expect(call).toBeDefined();
    expect(served(s)).toEqual({ alice: 1, bob: 0 });
    s.emulator.limitUser('alice', 'session', 900);
    const records: OutcomeRecord[] = [];
    const unsubscribe = s.gateway.ctx.outcomes.subscribe((r) => records.push(r));
    const history = [
      { role: 'user' as const, content: 'Weather? [[tool:get_weather {"city":"Paris"}]]' },
      { role: 'assistant' as const, content: first.content },
      {
        role: 'user' as const,
        content: [{ type: 'tool_result' as const, tool_use_id: call!.id, content: 'sunny' }],
      },
    ];
    const stream = client.messages.stream({
      model: 'claude-sonnet-4.5',
      max_tokens: 4096,
      thinking,
      tools,
      metadata: meta,
      messages: history,
    });
    const second = await stream.finalMessage();
    expect(second.content.some((b) => b.type === 'text')).toBe(true);
    expect(served(s)).toEqual({ alice: 1, bob: 1 });
    // The request's outcome names the account that served, the one it moved from, and the move.
    unsubscribe();
    const ids = Object.fromEntries((await s.store.accounts.list()).map((a) => [a.login, a.id]));
    const moved = records.find((r) => r.path === '/v1/messages');
    expect(moved).toMatchObject({ accountId: ids.bob, movedFrom: ids.alice });
    expect(moved?.changes.map((c) => c.kind)).toContain('conversation-moved');
    const sent = s.emulator.requests.filter((r) => r.path === '/v1/messages').at(-1)?.body as {
      messages: { content: { type: string }[] }[];
    };
    expect(JSON.stringify(sent.messages)).not.toContain('"thinking"');
    // The next turn stays on bob.
    s.emulator.resetUser('alice');
    await client.messages.create({
      model: 'claude-sonnet-4.5',
      max_tokens: 256,
      metadata: meta,
      messages: [{ role: 'user', content: 'more' }],
    });
    expect(served(s)).toEqual({ alice: 1, bob: 2 });
    // Bob cannot verify alice's signatures: sent to him as they are, this is a 400.
    const bobToken = (
      (await (
        await fetch(`${s.emulator.githubUrl}/copilot_internal/v2/token`, {
          headers: { authorization: 'token ghu_bob' },
        })
      ).json()) as { token: string }
    ).token;
    const asIs = await fetch(`${s.emulator.copilotUrl}/v1/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bobToken}`,
        'editor-version': 'vscode/1.104.3',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: 'claude-sonnet-4.5',
        max_tokens: 4096,
        thinking,
        tools,
        messages: history,
      }),
    });
    expect(asIs.status).toBe(400);
    expect(await asIs.text()).toMatch(/Invalid `signature`/);
  });

  it('serves accounts added, disabled and removed from another process while it runs', async () => {
    stack = await startLocalStack({ emulator: { users: USERS }, accounts: [{ token: 'ghu_alice' }] });
    const s = stack;
    await ask(s);
    const cli = await openDataDirStore(s.dataDir);
    // Until the gateway's store has heard of a change: at once on SQLite (data_version), a
    // NOTIFY away (milliseconds) on PostgreSQL (COPILOT_GATEWAY_TEST_STORE=postgres).
    const heard = async (change: () => Promise<unknown>) => {
      const before = s.store.accounts.changeStamp();
      await change();
      await vi.waitFor(() => expect(s.store.accounts.changeStamp()).not.toBe(before));
    };
    try {
      const alice = (await cli.accounts.find('alice'))!;
      // Bob is added by "the CLI" (another connection); alice is disabled.
      const token = await cli.accounts.token(alice.id);
      expect(token).toBe('ghu_alice');
      await cli.accounts.add({
        login: 'bob',
        kind: 'oauth',
        githubUrl: s.settings.githubUrl,
        token: 'ghu_bob',
        priority: 1,
      });
      await heard(() => cli.accounts.update(alice.id, { enabled: false }));
      await ask(s, 'after changes');
      expect(served(s)).toEqual({ alice: 1, bob: 1 });
      await heard(() => cli.accounts.update(alice.id, { enabled: true }));
      await ask(s, 'alice back');
      expect(served(s)).toEqual({ alice: 2, bob: 1 });
      await heard(() => cli.accounts.remove(alice.id));
      await ask(s, 'alice gone');
      expect(served(s)).toEqual({ alice: 2, bob: 2 });
    } finally {
      await cli.close();
    }
  });

  it('serves a PAT account directly (no v2/token) and gives each account its own identity', async () => {
    stack = await startLocalStack({
      emulator: { users: [...USERS, { token: 'github_pat_carol', login: 'carol', kind: 'pat' }] },
      accounts: [{ token: 'github_pat_carol' }, { token: 'ghu_alice' }],
    });
    const s = stack;
    expect((await s.store.accounts.find('carol'))?.kind).toBe('pat');
    await ask(s, 'as carol');
    expect(s.emulator.userRequests('carol')).toBe(1);
    const exchanged = s.emulator.requests.filter((r) => r.path.endsWith('/v2/token'));
    expect(exchanged.every((r) => !r.headers.authorization?.includes('github_pat_carol'))).toBe(true);
    s.emulator.limitUser('carol', 'session', 600);
    await ask(s, 'as alice');
    const sent = s.emulator.requests.filter((r) => r.path === '/v1/messages').slice(-3);
    const ids = sent.map((r) => `${r.headers['editor-device-id']}|${r.headers['vscode-machineid']}`);
    expect(ids[0]).toBe(ids[1]); // carol twice (served, then limited)
    expect(ids[2]).not.toBe(ids[0]); // alice: her own device and machine ids
    expect(sent.every((r) => r.headers['vscode-sessionid'])).toBe(true);
  });

  it('shows every account on /usage', async () => {
    const s = await start();
    await ask(s);
    s.emulator.limitUser('alice', 'weekly', 900);
    await ask(s);
    const usage = (await (await fetch(`${s.url}/usage`)).json()) as {
      login: string;
      accounts: { label: string; state: string; reason?: string; limits?: unknown }[];
    };
    expect(usage.login).toBe('alice');
    expect(usage.accounts.map((a) => [a.label, a.state])).toEqual([
      ['alice', 'cooling'],
      ['bob', 'active'],
    ]);
    expect(usage.accounts[0].reason).toBe('user_weekly_rate_limited');
    expect(usage.accounts[1].limits).toMatchObject({ session: { remaining: 100 } });
  });
});
