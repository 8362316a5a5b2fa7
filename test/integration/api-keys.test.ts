// API keys through the real SDKs, over real sockets: each protocol's own header, every refusal
// in the caller's protocol shape, keys created and revoked while the gateway runs, the model
// allow-list, per-key limits, admin scopes for /usage and /token, and no secret in any log line.
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';
import { memoryLogger } from '../../src/util/log.js';
import { rawRequest } from './raw-request.js';

const log = memoryLogger('debug');
const secrets: string[] = ['ghu_emulator_token'];
let stack: LocalStack;
const records: OutcomeRecord[] = [];
const recordOf = (trace: string | null | undefined) => records.find((r) => r.traceId === trace);

const openai = (apiKey: string) => new OpenAI({ baseURL: `${stack.url}/v1`, apiKey, maxRetries: 0 });
const anthropic = (apiKey: string) => new Anthropic({ baseURL: stack.url, apiKey, maxRetries: 0 });
const gemini = (apiKey: string) =>
  new GoogleGenAI({ apiKey, httpOptions: { baseUrl: stack.url, retryOptions: { attempts: 1 } } });

async function newKey(input: Parameters<LocalStack['store']['keys']['create']>[0]): Promise<string> {
  const { secret } = await stack.store.keys.create(input);
  secrets.push(secret);
  return secret;
}

const chat = (key: string, model = 'gpt-4.1') =>
  openai(key).chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] });

beforeAll(async () => {
  stack = await startLocalStack({ log, settings: { showToken: true } });
  stack.gateway.ctx.outcomes.subscribe((r) => records.push(r));
});
afterAll(async () => {
  await stack?.close();
  // No key, GitHub token or Copilot token in any log line of this file's gateway.
  const copilotTokens = stack.emulator.requests
    .map((r) => r.headers.authorization)
    .filter((h): h is string => typeof h === 'string' && h.startsWith('Bearer '))
    .map((h) => h.slice(7));
  expect(log.lines.length).toBeGreaterThan(0);
  // The client's key never goes upstream.
  const gatewayKeys = secrets.filter((x) => x.startsWith('cgw_'));
  expect(gatewayKeys.length).toBeGreaterThan(5);
  for (const r of stack.emulator.requests) {
    const seen = JSON.stringify([r.path, r.headers, r.body]);
    for (const k of gatewayKeys) expect(seen.includes(k)).toBe(false);
  }
  for (const line of log.lines)
    for (const s of [...secrets, ...copilotTokens]) expect(line.includes(s), line).toBe(false);
});

describe('API keys', () => {
  it('before any key exists, loopback clients need none', async () => {
    const res = await chat('anything');
    expect(res.choices[0].message.content).toContain('You said: Hi');
  });

  it('once a key exists, every protocol needs it (OpenAI Bearer, x-api-key, x-goog-api-key, ?key=)', async () => {
    const key = await newKey({ name: 'all' });
    expect((await chat(key)).choices[0].message.content).toContain('You said');

    const err = await chat('anything').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as Error).message).toMatch(/keys create --name/);

    const msg = await anthropic(key).messages.create({
      model: 'claude-sonnet-4.5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(msg.content[0].type).toBe('text');
    const aErr = await anthropic('cgw_wrong')
      .messages.create({
        model: 'claude-sonnet-4.5',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
      })
      .catch((e: unknown) => e);
    expect(aErr).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((aErr as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });

    const g = await gemini(key).models.generateContent({ model: 'gpt-4.1', contents: 'Hey' });
    expect(g.text).toContain('You said');
    const gErr = await gemini('wrong')
      .models.generateContent({ model: 'gpt-4.1', contents: 'Hey' })
      .catch((e: unknown) => e);
    expect(gErr).toBeInstanceOf(ApiError);
    expect((gErr as ApiError).status).toBe(401);
    expect((gErr as ApiError).message).toContain('UNAUTHENTICATED');

    const viaQuery = await fetch(`${stack.url}/v1beta/models?key=${key}`);
    expect(viaQuery.status).toBe(200);
    const none = await fetch(`${stack.url}/v1beta/models`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');
    // Health checks stay open.
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });

  it('takes keys created and revoked while running into account at once', async () => {
    const key = await newKey({ name: 'short-lived' });
    expect((await chat(key)).choices.length).toBe(1);
    await stack.store.keys.revoke('short-lived');
    const err = await chat(key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as Error).message).toMatch(/"short-lived" was revoked/);
  });

  it('refuses an expired key', async () => {
    const key = await newKey({ name: 'old', expiresAt: Date.now() - 1000 });
    const err = await anthropic(key)
      .messages.create({
        model: 'claude-sonnet-4.5',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((err as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
      error: { message: expect.stringMatching(/"old" expired on .*keys create/) },
    });
  });

  it('answers a model outside the key’s allow-list with a 403 naming the key', async () => {
    const key = await newKey({ name: 'gpt-only', models: ['gpt-*'] });
    expect((await chat(key, 'gpt-4.1')).choices.length).toBe(1);
    const listed = (await openai(key).models.list()).data.map((m) => m.id);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((id) => id.startsWith('gpt-'))).toBe(true);
    const err = await chat(key, 'claude-sonnet-4.5').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((err as Error).message).toMatch(/"gpt-only" may not use the model "claude-sonnet-4.5"/);
    const gErr = await gemini(key)
      .models.generateContent({ model: 'claude-sonnet-4.5', contents: 'x' })
      .catch((e: unknown) => e);
    expect((gErr as ApiError).status).toBe(403);
  });

  it('judges the allow-list on the resolved model for every protocol (a dated name is its model)', async () => {
    const key = await newKey({ name: 'sonnet-only', models: ['claude-sonnet-4.5'] });
    const msg = await anthropic(key).messages.create({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 16,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(msg.content.length).toBeGreaterThan(0);
    const before = stack.emulator.requests.length;
    const err = await openai(key)
      .responses.create({ model: 'gpt-4.1', input: 'Hi' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((err as Error).message).toMatch(/"sonnet-only" may not use the model "gpt-4.1"/);
    const aErr = await anthropic(key)
      .messages.create({ model: 'gpt-4.1', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e);
    expect(aErr).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const embed = await openai(key)
      .embeddings.create({ model: 'text-embedding-3-small', input: 'x' })
      .catch((e: unknown) => e);
    expect(embed).toBeInstanceOf(OpenAI.PermissionDeniedError);
    // Nothing refused reached Copilot.
    expect(stack.emulator.requests.length).toBe(before);
  });

  it('records the key in the outcome of served and refused requests', async () => {
    const key = await newKey({ name: 'recorded', limits: { rpm: 1 } });
    const { id } = (await stack.store.keys.list()).find((k) => k.name === 'recorded') as { id: string };
    const served = await openai(key)
      .chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    expect(recordOf(served.response.headers.get('x-trace-id'))).toMatchObject({
      keyId: id,
      status: 200,
      resolvedModel: 'gpt-4.1',
    });
    const limited = await rawRequest(stack.url, 'POST', '/v1/chat/completions', {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(limited.status).toBe(429);
    expect(recordOf(limited.headers['x-trace-id'] as string)).toMatchObject({
      keyId: id,
      status: 429,
      errorKind: 'rate_limit',
    });
    const unknown = await rawRequest(stack.url, 'POST', '/v1/chat/completions', {
      headers: { 'content-type': 'application/json', authorization: 'Bearer cgw_not_a_real_key' },
      body: '{}',
    });
    expect(unknown.status).toBe(401);
    const refused = recordOf(unknown.headers['x-trace-id'] as string);
    expect(refused).toMatchObject({ status: 401, errorKind: 'authentication' });
    expect(refused?.keyId).toBeUndefined();
  });

  it('enforces requests per minute with retry-after', async () => {
    const key = await newKey({ name: 'rpm', limits: { rpm: 2 } });
    await chat(key);
    await chat(key);
    const err = await chat(key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(Number(e.headers?.get('retry-after'))).toBeGreaterThan(0);
    expect(e.message).toMatch(/"rpm" is limited to 2 requests per minute/);
  });

  it('enforces concurrent requests per key', async () => {
    const key = await newKey({ name: 'one-at-a-time', limits: { concurrent: 1 } });
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      times: 1,
      fault: { kind: 'delay-headers', delayMs: 1500 },
    });
    const before = stack.emulator.requests.length;
    const first = chat(key);
    while (!stack.emulator.requests.slice(before).some((r) => r.path === '/chat/completions'))
      await new Promise((r) => setImmediate(r));
    const err = await chat(key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as Error).message).toMatch(/1 concurrent requests/);
    await first;
    expect((await chat(key)).choices.length).toBe(1);
  });

  it('enforces tokens per minute from the answers’ usage (passthrough and translated)', async () => {
    const key = await newKey({ name: 'tpm', limits: { tpm: 1 } });
    await chat(key);
    expect(await chat(key).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.RateLimitError);
    const key2 = await newKey({ name: 'tpm-gemini', limits: { tpm: 1 } });
    await gemini(key2).models.generateContent({ model: 'gpt-4.1', contents: 'x' });
    const gErr = await gemini(key2)
      .models.generateContent({ model: 'gpt-4.1', contents: 'x' })
      .catch((e: unknown) => e);
    expect((gErr as ApiError).status).toBe(429);
  });

  it('needs the inference scope for inference and an admin scope for /usage and /token', async () => {
    const adminRead = await newKey({ name: 'reader', scopes: ['admin:read'] });
    const adminWrite = await newKey({ name: 'ops', scopes: ['admin:write'] });
    const inference = await newKey({ name: 'app' });
    const err = await chat(adminRead).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((err as Error).message).toMatch(/lacks the inference scope/);

    const get = (path: string, key?: string) =>
      fetch(`${stack.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    expect((await get('/usage')).status).toBe(401);
    expect((await get('/usage', inference)).status).toBe(403);
    expect((await get('/usage', adminRead)).status).toBe(200);
    expect((await get('/usage', adminWrite)).status).toBe(200);
    expect((await get('/token', adminRead)).status).toBe(403);
    const token = await get('/token', adminWrite);
    expect(token.status).toBe(200);
    secrets.push(((await token.json()) as { token: string }).token);
  });

  it('refuses forged browser requests even with a valid key', async () => {
    const key = await newKey({ name: 'browser-victim' });
    const body = JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'spend' }] });
    const before = stack.emulator.requests.length;
    const cases: Record<string, string>[] = [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/json', origin: 'https://evil.example' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      { 'content-type': 'application/json', origin: 'null' },
    ];
    for (const headers of cases) {
      const res = await rawRequest(stack.url, 'POST', '/v1/chat/completions', {
        headers: { ...headers, authorization: `Bearer ${key}` },
        body,
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(res.body).error.message).toMatch(/refused/);
    }
    const anth = await rawRequest(stack.url, 'POST', '/v1/messages', {
      headers: { 'content-type': 'text/plain', 'x-api-key': key },
      body: '{}',
    });
    expect(JSON.parse(anth.body)).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    expect(stack.emulator.requests.length).toBe(before);
  });

  it('refuses a rebinding Host and accepts loopback names and IP literals', async () => {
    const key = await newKey({ name: 'host-check' });
    const port = new URL(stack.url).port;
    const get = (host: string) =>
      rawRequest(stack.url, 'GET', '/v1/models', { headers: { host, authorization: `Bearer ${key}` } });
    const evil = await get(`evil.example:${port}`);
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error.message).toMatch(/allowedHosts/);
    expect((await get(`localhost:${port}`)).status).toBe(200);
    expect((await get(`127.0.0.1:${port}`)).status).toBe(200);
    expect((await get(`[::1]:${port}`)).status).toBe(200);
    // Even /healthz: a rebinding page must not read anything.
    expect(
      (await rawRequest(stack.url, 'GET', '/healthz', { headers: { host: 'evil.example' } })).status,
    ).toBe(403);
  });
});

describe('the one post-resolution hook (requestResolved)', () => {
  it('runs the key’s allow-list first: a requestResolved handed to compose cannot switch it off', async () => {
    const seen: string[] = [];
    const own = await startLocalStack({
      deps: {
        hooks: {
          // Replaces context management only; the allow-list still runs before it.
          requestResolved: (req) => {
            seen.push(req.model.id);
            return undefined;
          },
        },
      },
    });
    try {
      const { secret } = await own.store.keys.create({ name: 'gpt-only-hooked', models: ['gpt-*'] });
      const client = new OpenAI({ baseURL: `${own.url}/v1`, apiKey: secret, maxRetries: 0 });
      const ok = await client.chat.completions.create({
        model: 'gpt-4.1',
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(ok.choices.length).toBe(1);
      const err = await client.chat.completions
        .create({ model: 'claude-sonnet-4.5', messages: [{ role: 'user', content: 'Hi' }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
      // The handed-in hook saw the allowed request only: the refusal came before it.
      expect(seen).toEqual(['gpt-4.1']);
    } finally {
      await own.close();
    }
  });
});
