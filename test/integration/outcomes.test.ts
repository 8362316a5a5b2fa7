// One OutcomeRecord per request, on every route and both paths, handed to the subscribers on the
// gateway context; the access log line is built from it. Real sockets, the emulator upstream.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { GatewayError } from '../../src/errors/gateway-error.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';
import { memoryLogger } from '../../src/util/log.js';

let stack: LocalStack;
const log = memoryLogger('info');
let records: OutcomeRecord[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ log });
  stack.gateway.ctx.outcomes.subscribe((r) => records.push(r));
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  records = [];
  log.lines.length = 0;
  stack.emulator.clearFaults();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** The record of the request with this trace id (emitted when the request ended). */
function recordOf(traceId: string | null): OutcomeRecord {
  const found = records.filter((r) => r.traceId === traceId);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('outcome records', () => {
  it('a passthrough stream: models, egress, tokens normalised, Copilot’s cost, first byte', async () => {
    const client = new Anthropic({ baseURL: stack.url, apiKey: 'unused' });
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    const final = await stream.finalMessage();
    const traceId = (await stream.withResponse()).response.headers.get('x-trace-id');
    const r = recordOf(traceId);
    expect(r).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      ingress: 'anthropic',
      egress: '/v1/messages',
      passthrough: true,
      stream: true,
      requestedModel: 'claude-sonnet-4-5-20250929',
      resolvedModel: 'claude-sonnet-4.5',
      status: 200,
      initiator: 'user',
    });
    expect(r.errorKind).toBeUndefined();
    // Anthropic's input_tokens exclude cache reads; the record counts them in (IR convention).
    const u = final.usage;
    expect(r.usage?.inputTokens).toBe(
      u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0),
    );
    expect(r.usage?.outputTokens).toBe(u.output_tokens);
    expect(r.costNanoAiu).toBeGreaterThan(0);
    expect(r.firstByteMs).toBeGreaterThanOrEqual(0);
    expect(r.durationMs).toBeGreaterThanOrEqual(r.firstByteMs!);
    const line = log.lines.find((l) => l.includes(`"trace":"${traceId}"`) && l.includes('INFO'));
    expect(line).toContain('POST /v1/messages anthropic→/v1/messages (passthrough)');
    expect(line).toContain('claude-sonnet-4-5-20250929→claude-sonnet-4.5 200');
    expect(line).toContain(`in=${r.usage?.inputTokens} out=${r.usage?.outputTokens}`);
  });

  it('a translated stream and a translated non-stream answer carry the same facts', async () => {
    const client = new Anthropic({ baseURL: stack.url, apiKey: 'unused' });
    const { response } = await client.messages
      .create({ model: 'gpt-4.1', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }], stream: true })
      .withResponse();
    await response.text();
    const streamed = recordOf(response.headers.get('x-trace-id'));
    expect(streamed).toMatchObject({
      ingress: 'anthropic',
      egress: '/chat/completions',
      passthrough: false,
      stream: true,
      resolvedModel: 'gpt-4.1',
      status: 200,
    });
    expect(streamed.usage?.outputTokens).toBeGreaterThan(0);

    const openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused' });
    const { response: plain, data } = await openai.chat.completions
      .create({ model: 'gpt-5-codex', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    const r = recordOf(plain.headers.get('x-trace-id'));
    expect(r).toMatchObject({
      ingress: 'openai-chat',
      egress: '/responses',
      passthrough: false,
      stream: false,
    });
    expect(r.usage?.inputTokens).toBe(data.usage?.prompt_tokens);
    expect(r.usage?.outputTokens).toBe(data.usage?.completion_tokens);
    expect(
      log.lines.some((l) => l.includes('INFO') && l.includes('openai-chat→/responses gpt-5-codex 200')),
    ).toBe(true);
  });

  it('a client mistake: the status and kind, no egress', async () => {
    const res = await post('/v1/chat/completions', { model: 'no-such-model', messages: [] });
    expect(res.status).toBe(400);
    const r = recordOf(res.headers.get('x-trace-id'));
    expect(r).toMatchObject({ ingress: 'openai-chat', status: 400, errorKind: 'invalid_request' });
    expect(r.requestedModel).toBe('no-such-model');
    expect(r.egress).toBeUndefined();
  });

  it('a stream cut mid-way: status 200 as the client saw it, and a stream error kind', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'cut-stream', afterEvents: 2 },
    });
    const res = await post('/v1/chat/completions', {
      model: 'gpt-4.1',
      stream: true,
      messages: [{ role: 'user', content: 'Stream please [[long:6]]' }],
    });
    await res.text();
    const r = recordOf(res.headers.get('x-trace-id'));
    expect(r.status).toBe(200);
    expect(r.errorKind).toMatch(/^stream_error/);
  });

  it('every other route ends with a record too', async () => {
    const traces: Array<[Promise<Response>, Partial<OutcomeRecord>]> = [
      [fetch(`${stack.url}/v1/models`), { ingress: 'models', status: 200 }],
      [fetch(`${stack.url}/v1/nope`), { ingress: 'other', status: 404, errorKind: 'not_found' }],
      [
        post('/v1/embeddings', { model: 'text-embedding-3-small', input: 'hi' }),
        {
          ingress: 'embeddings',
          status: 200,
          egress: '/embeddings',
          resolvedModel: 'text-embedding-3-small',
        },
      ],
      [
        post('/v1/messages/count_tokens', {
          model: 'claude-sonnet-4.5',
          messages: [{ role: 'user', content: 'hi' }],
        }),
        { ingress: 'count-tokens', status: 200 },
      ],
      [
        post('/v1beta/models/gpt-4.1:countTokens', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
        { ingress: 'count-tokens', status: 200 },
      ],
      [
        post('/v1beta/models/gpt-4.1:generateContent', {
          contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
        }),
        { ingress: 'gemini', status: 200, egress: '/chat/completions', passthrough: false },
      ],
    ];
    for (const [request, expected] of traces) {
      const res = await request;
      await res.arrayBuffer();
      expect(recordOf(res.headers.get('x-trace-id'))).toMatchObject(expected);
    }
  });

  it('a warning that repeats on every request is logged once per distinct cause', async () => {
    const body = { model: 'gpt-4.1', max_tokens: 16, top_k: 5, messages: [{ role: 'user', content: 'hi' }] };
    for (let i = 0; i < 3; i++) {
      const res = await post('/v1/messages', body);
      expect(res.status).toBe(200);
      await res.text();
    }
    expect(log.lines.filter((l) => l.includes('WARN') && l.includes('top_k'))).toHaveLength(1);
  });

  it('a subscriber that throws is reported and breaks nothing', async () => {
    const unsubscribe = stack.gateway.ctx.outcomes.subscribe(() => {
      throw new Error('a broken subscriber');
    });
    try {
      const res = await fetch(`${stack.url}/healthz`);
      expect(res.status).toBe(200);
      recordOf(res.headers.get('x-trace-id'));
      expect(log.lines.some((l) => l.includes('an outcome subscriber failed: a broken subscriber'))).toBe(
        true,
      );
    } finally {
      unsubscribe();
    }
  });
});

describe('pipeline hooks', () => {
  let hooked: LocalStack;
  const seen: Array<{ ingress: string; requestedModel: string }> = [];
  beforeAll(async () => {
    hooked = await startLocalStack({
      deps: {
        hooks: {
          requestDecoded: ({ ingress, body, requestedModel }) => {
            seen.push({ ingress, requestedModel });
            if (requestedModel === 'forbidden-model') {
              throw new GatewayError('permission', 'This key may not use forbidden-model', { status: 403 });
            }
            if (body.metadata === undefined || ingress !== 'anthropic') return false;
            body.metadata = { user_id: 'reshaped' };
            return true;
          },
          selectAccount: ({ rc }) => {
            rc.keyId = 'key-test';
            return 'account-test';
          },
        },
      },
    });
    hooked.gateway.ctx.outcomes.subscribe((r) => records.push(r));
  });
  afterAll(async () => {
    await hooked?.close();
  });

  it('the decoded-request hook sees every protocol, may refuse in the caller’s shape or reshape the body', async () => {
    const refused = await fetch(`${hooked.url}/v1beta/models/forbidden-model:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { status: string } }).error.status).toBe('PERMISSION_DENIED');

    const res = await fetch(`${hooked.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-sonnet-4.5',
        max_tokens: 32,
        metadata: { user_id: 'original' },
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(res.status).toBe(200);
    const sent = hooked.emulator.requests.filter((r) => r.path === '/v1/messages').at(-1)?.body as {
      metadata: unknown;
    };
    expect(sent.metadata).toEqual({ user_id: 'reshaped' });
    expect(seen).toEqual([
      { ingress: 'gemini', requestedModel: 'forbidden-model' },
      { ingress: 'anthropic', requestedModel: 'claude-sonnet-4.5' },
    ]);
    // The account hook's id and a key id set on the request context flow into the record.
    expect(recordOf(res.headers.get('x-trace-id'))).toMatchObject({
      accountId: 'account-test',
      keyId: 'key-test',
    });
  });
});
