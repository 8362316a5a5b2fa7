// CORS for listed origins, the global --rate-limit (with and without --wait) and --manual
// approval, through the real SDKs against gateway + emulator.

import { networkInterfaces } from 'node:os';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../src/dev/local-stack.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';
import { rawRequest } from './raw-request.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});
const start = async (options: LocalStackOptions) => {
  stack = await startLocalStack(options);
  return stack;
};
const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
const chatBody = JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi' }] });

describe('CORS for allowedOrigins', () => {
  it('answers the preflight of a listed origin and refuses others', async () => {
    const s = await start({ settings: { allowedOrigins: ['https://chat.example.com'] } });
    const records: OutcomeRecord[] = [];
    s.gateway.ctx.outcomes.subscribe((r) => records.push(r));
    const pre = await rawRequest(s.url, 'OPTIONS', '/v1/chat/completions', {
      headers: {
        origin: 'https://chat.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-stainless-os',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://chat.example.com');
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
    expect(pre.headers['access-control-allow-headers']).toBe('authorization, content-type, x-stainless-os');
    expect(pre.headers.vary).toContain('Origin');

    const other = await rawRequest(s.url, 'OPTIONS', '/v1/chat/completions', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.status).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    // Preflights end with an outcome record like every other request.
    expect(records.map((r) => [r.method, r.path, r.status])).toEqual([
      ['OPTIONS', '/v1/chat/completions', 204],
      ['OPTIONS', '/v1/chat/completions', 403],
    ]);

    const { secret } = await s.store.keys.create({ name: 'web' });
    const real = await rawRequest(s.url, 'POST', '/v1/chat/completions', {
      headers: {
        origin: 'https://chat.example.com',
        'sec-fetch-site': 'cross-site',
        'content-type': 'application/json',
        authorization: `Bearer ${secret}`,
      },
      body: chatBody,
    });
    expect(real.status).toBe(200);
    expect(real.headers['access-control-allow-origin']).toBe('https://chat.example.com');
    expect(real.headers['access-control-expose-headers']).toContain('retry-after');
  });
});

describe('--rate-limit', () => {
  it('answers 429 with retry-after inside the interval', async () => {
    const s = await start({ settings: { rateLimitSec: 60, rateLimitWait: false } });
    const client = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'x', maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'a' }] });
    const err = await client.chat.completions
      .create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'b' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(Number(e.headers?.get('retry-after'))).toBeGreaterThan(50);
    expect(e.message).toMatch(/--wait/);
    // Model lists do not count: they are not requests to Copilot's inference endpoints.
    expect((await client.models.list()).data.length).toBeGreaterThan(0);
  });

  it('with --wait, queues requests in arrival order instead', async () => {
    const s = await start({ settings: { rateLimitSec: 0.05, rateLimitWait: true } });
    const client = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const answers = await Promise.all(
      ['one', 'two', 'three'].map((w) =>
        client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: w }] }),
      ),
    );
    expect(answers.map((a) => a.choices[0].message.content)).toEqual([
      expect.stringContaining('one'),
      expect.stringContaining('two'),
      expect.stringContaining('three'),
    ]);
    const sent = s.emulator.requests
      .filter((r) => r.path === '/chat/completions')
      .map((r) => JSON.stringify(r.body).match(/one|two|three/)?.[0]);
    expect(sent).toEqual(['one', 'two', 'three']);
  });
});

describe('--manual', () => {
  it('asks before each inference request; a refusal is a 403 in the caller’s protocol', async () => {
    const asked: string[] = [];
    let allow = false;
    const s = await start({
      approve: async (summary) => {
        asked.push(summary);
        return allow;
      },
    });
    const client = new Anthropic({ baseURL: s.url, apiKey: 'x', maxRetries: 0 });
    const ask = () =>
      client.messages.create({
        model: 'claude-sonnet-4.5',
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
      });
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((err as Error).message).toMatch(/refused by the gateway operator/);
    expect(s.emulator.requests.some((r) => r.path === '/v1/messages' || r.path === '/chat/completions')).toBe(
      false,
    );
    allow = true;
    expect((await ask()).content[0].type).toBe('text');
    expect(asked).toEqual(['POST /v1/messages from 127.0.0.1', 'POST /v1/messages from 127.0.0.1']);
  });
});

describe.runIf(external)('--no-auth', () => {
  it('serves inference to non-loopback clients while no key exists, but not the admin routes', async () => {
    const s = await start({ settings: { host: '0.0.0.0', noAuth: true, showToken: true } });
    const base = `http://${external}:${new URL(s.url).port}`;
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'x', maxRetries: 0 });
    const res = await client.chat.completions.create({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(res.choices[0].message.content).toContain('You said');
    expect((await fetch(`${base}/token`)).status).toBe(403);
    expect((await fetch(`${base}/usage`)).status).toBe(403);
    // A key, once created, is required again.
    await s.store.keys.create({ name: 'now-locked' });
    expect(await client.models.list().catch((e: unknown) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
