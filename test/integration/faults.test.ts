// Every fault the emulator can inject has a tested outcome through the gateway.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

let stack: LocalStack;
let client: OpenAI;

const chat = (content: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) =>
  client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content }], ...extra });

const upstreamCalls = () => stack.emulator.requests.filter((r) => r.path === '/chat/completions').length;

beforeAll(async () => {
  stack = await startLocalStack({
    settings: {
      timeouts: { connectMs: 2000, firstByteMs: 1500, idleMs: 1500 },
      retry: { maxAttempts: 3, maxRetryAfterSec: 2, baseDelayMs: 5 },
    },
  });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
});

describe('injected upstream faults', () => {
  it('429 with a short retry-after is retried and succeeds', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { message: 'rate limit exceeded', code: 'rate_limited' } },
      },
    });
    const before = upstreamCalls();
    const res = await chat('after a 429');
    expect(res.choices[0].message.content).toContain('after a 429');
    expect(upstreamCalls() - before).toBe(2);
  });

  it('429 with a retry-after above the cap goes to the client as a 429 with retry-after', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '120' },
        body: { error: { message: 'rate limit exceeded', code: 'rate_limited' } },
      },
    });
    const err = await chat('too long to wait').catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.headers.get('retry-after')).toBe('120');
  });

  it('5xx is retried; persistent 5xx becomes a 5xx error in OpenAI shape', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'status', status: 502, body: 'Bad Gateway' },
    });
    expect((await chat('after a 502')).choices[0].message.content).toContain('after a 502');
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      times: 3,
      fault: { kind: 'status', status: 500, body: { error: { message: 'boom' } } },
    });
    const err = await chat('three 500s').catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.status).toBe(500);
  });

  it('402 quota exhausted reaches the client as a 402 quota error, not retried', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: {
        kind: 'status',
        status: 402,
        body: { error: { message: 'You have no quota', code: 'quota_exceeded' } },
      },
    });
    const before = upstreamCalls();
    const err = await chat('no quota').catch((e) => e);
    expect(err.status).toBe(402);
    expect(err.message).toMatch(/no quota/);
    expect(err.error?.type).toBe('insufficient_quota');
    expect(upstreamCalls() - before).toBe(1);
  });

  it('an expired Copilot token is refreshed once and the request retried', async () => {
    const exchanges = stack.emulator.stats.tokenExchanges;
    stack.emulator.injectFault({ match: { path: '/chat/completions' }, fault: { kind: 'expired-token' } });
    expect((await chat('expired token')).choices[0].message.content).toContain('expired token');
    expect(stack.emulator.stats.tokenExchanges - exchanges).toBe(1);
  });

  it('50 concurrent requests around a token expiry cause exactly one exchange', async () => {
    const exchanges = stack.emulator.stats.tokenExchanges;
    stack.emulator.injectFault({ match: { path: '/chat/completions' }, fault: { kind: 'expired-token' } });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => chat(`concurrent ${i}`)));
    expect(results.every((r, i) => r.choices[0].message.content?.includes(`concurrent ${i}`))).toBe(true);
    expect(stack.emulator.stats.tokenExchanges - exchanges).toBe(1);
  });

  it('a dropped connection is retried', async () => {
    stack.emulator.injectFault({ match: { path: '/chat/completions' }, fault: { kind: 'drop-connection' } });
    expect((await chat('after a drop')).choices[0].message.content).toContain('after a drop');
  });

  it('a first-byte timeout becomes a 504, not retried (Copilot may already be running the request)', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'delay-headers', delayMs: 2500 },
    });
    const before = upstreamCalls();
    const err = await chat('slow headers').catch((e) => e);
    expect(err.status).toBe(504);
    expect(err.message).toMatch(/first-byte/);
    expect(upstreamCalls() - before).toBe(1);
  });

  it('a stream cut mid-way ends with an error the SDK throws, never a silent truncation', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'cut-stream', afterEvents: 3 },
    });
    const stream = (await chat('cut me [[long:50]]', {
      stream: true,
    } as never)) as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>;
    const err = await (async () => {
      for await (const _ of stream) {
        // drain
      }
    })().catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err.message)).toMatch(/ended before completion|terminated|Copilot/i);
  });

  it('a slow stream arrives whole', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'slow-stream', delayMs: 20 },
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1',
      stream: true,
      messages: [{ role: 'user', content: 'slowly [[long:10]]' }],
    });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
    expect(text.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(10);
  });

  it('an upstream that goes silent past the idle timeout ends the stream with an error', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'silent', silenceMs: 3000, afterEvents: 2 },
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1',
      stream: true,
      messages: [{ role: 'user', content: 'silence [[long:20]]' }],
    });
    const err = await (async () => {
      for await (const _ of stream) {
        // drain
      }
    })().catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err.message)).toMatch(/idle|silent/i);
  });
});

describe('heartbeats while the upstream is silent', () => {
  let hb: LocalStack;
  beforeAll(async () => {
    hb = await startLocalStack({ settings: { heartbeatMs: 100 } });
  });
  afterAll(async () => {
    await hb?.close();
  });

  it('chat passthrough sends SSE comments at frame boundaries and the stream still parses', async () => {
    hb.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'silent', silenceMs: 450, afterEvents: 2 },
    });
    const res = await fetch(`${hb.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4.1',
        stream: true,
        messages: [{ role: 'user', content: 'beat [[long:5]]' }],
      }),
    });
    const text = await res.text();
    expect(text).toMatch(/^: /m);
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('anthropic streams get event: ping', async () => {
    hb.emulator.injectFault({
      match: { path: '/v1/messages' },
      fault: { kind: 'silent', silenceMs: 450, afterEvents: 2 },
    });
    const res = await fetch(`${hb.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'claude-sonnet-4.5',
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'beat' }],
      }),
    });
    const text = await res.text();
    expect(text).toContain('event: ping');
    expect(text).toContain('event: message_stop');
  });
});
