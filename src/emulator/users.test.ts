import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { asAny, copilotHeaders, postJson } from './test-support.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    users: [
      { token: 'ghu_alice', login: 'alice' },
      { token: 'ghu_bob', login: 'bob', plan: 'business', models: ['gpt-4.1'] },
      { token: 'github_pat_carol', login: 'carol', kind: 'pat' },
    ],
  });
});
afterAll(() => emu.close());

async function copilotToken(github: string): Promise<Response> {
  return fetch(`${emu.githubUrl}/copilot_internal/v2/token`, {
    headers: { authorization: `token ${github}` },
  });
}

const chat = (token: string, model = 'gpt-4.1') =>
  postJson(`${emu.copilotUrl}/chat/completions`, token, {
    model,
    messages: [{ role: 'user', content: 'hi' }],
  });

describe('emulated users', () => {
  it('gives each user its own login, plan and model list', async () => {
    const bob = asAny(await (await copilotToken('ghu_bob')).json());
    expect(bob.token).toContain('sku=copilot_for_business_seat_quota');
    const models = asAny(
      await (await fetch(`${emu.copilotUrl}/models`, { headers: copilotHeaders(bob.token) })).json(),
    );
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(['gpt-4.1']);
    expect((await chat(bob.token, 'claude-sonnet-4.5')).status).toBe(400);
    const user = asAny(
      await (await fetch(`${emu.githubUrl}/user`, { headers: { authorization: 'token ghu_bob' } })).json(),
    );
    expect(user.login).toBe('bob');
  });

  it('answers 403 to a PAT on v2/token and accepts it as the Copilot bearer, host from GraphQL', async () => {
    const r = await copilotToken('github_pat_carol');
    expect(r.status).toBe(403);
    const gql = await fetch(`${emu.githubUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: 'bearer github_pat_carol', 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query { viewer { login copilotEndpoints { api } } }' }),
    });
    expect(asAny(await gql.json()).data.viewer).toEqual({
      login: 'carol',
      copilotEndpoints: { api: emu.copilotUrl },
    });
    expect((await chat('github_pat_carol')).status).toBe(200);
  });

  it('limits one user with the real codes and headers, and resets', async () => {
    const alice = asAny(await (await copilotToken('ghu_alice')).json()).token as string;
    const ok = await chat(alice);
    expect(ok.headers.get('x-usage-ratelimit-session')).toMatch(/rem=100&rst=/);
    emu.limitUser('alice', 'session', 600);
    const limited = await chat(alice);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(590);
    expect(limited.headers.get('x-usage-ratelimit-session')).toMatch(/rem=0&rst=/);
    const body = asAny(await limited.json());
    expect(body.error.code).toBe('user_global_rate_limited:pro');
    expect(body.error.message).toMatch(/5 hour session limits\. Please retry after \d+ seconds/);
    // Other users are untouched.
    expect((await chat('github_pat_carol')).status).toBe(200);
    emu.limitUser('alice', 'weekly', 60);
    expect(asAny(await (await chat(alice)).json()).error.code).toBe('user_weekly_rate_limited');
    emu.limitUser('alice', 'quota', 60);
    const quota = await chat(alice);
    expect(quota.status).toBe(402);
    expect(asAny(await quota.json()).error.code).toBe('quota_exceeded');
    emu.resetUser('alice');
    expect((await chat(alice)).status).toBe(200);
  });

  it('has a control API to limit and reset a user', async () => {
    const post = (path: string, body?: unknown) =>
      fetch(`${emu.copilotUrl}/_emulator/users/${path}`, {
        method: 'POST',
        body: JSON.stringify(body ?? {}),
      });
    expect((await post('carol/limit', { kind: 'extension_blocked', resetInSec: 30 })).status).toBe(200);
    const r = await chat('github_pat_carol');
    expect(r.status).toBe(429);
    expect(asAny(await r.json()).error.code).toBe('extension_blocked');
    expect((await post('carol/limit', { kind: 'nope' })).status).toBe(400);
    expect((await post('nobody/reset')).status).toBe(404);
    expect((await post('carol/reset')).status).toBe(200);
    expect((await chat('github_pat_carol')).status).toBe(200);
  });
});

describe('a user that reaches its limit by itself', () => {
  it('answers 429 after the given number of requests', async () => {
    const e = await startEmulator({
      users: [
        { token: 'ghu_d', login: 'dora', limitAfter: { requests: 2, kind: 'session', resetInSec: 60 } },
      ],
    });
    try {
      const token = e.issueCopilotToken();
      const send = () =>
        postJson(`${e.copilotUrl}/chat/completions`, token, {
          model: 'gpt-4.1',
          messages: [{ role: 'user', content: 'x' }],
        });
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      const third = await send();
      expect(third.status).toBe(429);
      expect(asAny(await third.json()).error.code).toBe('user_global_rate_limited:pro');
    } finally {
      await e.close();
    }
  });
});
