// OpenTelemetry traces (issue 12): with tracing.otlpEndpoint set, real SDK requests through the
// gateway arrive at a local OTLP/HTTP receiver as one server span each, with the Copilot call as
// a child span (ids, names, attributes from the outcome record). A dead or hanging collector costs
// the requests nothing: they all succeed, the queue stays bounded and the losses are counted.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  status: { code?: number; message?: string };
}

/** A collector that keeps what it is sent (or, with `hang`, never answers). */
async function receiver(hang = false) {
  const posts: { headers: IncomingHttpHeaders; url: string; body: unknown }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({
        headers: req.headers,
        url: req.url ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      if (hang) return;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const spans = (): OtlpSpan[] =>
    posts.flatMap((p) =>
      (p.body as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((rs) =>
        rs.scopeSpans.flatMap((ss) => ss.spans),
      ),
    );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    spans,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const attr = (span: OtlpSpan, key: string) => span.attributes.find((a) => a.key === key)?.value;
const hex = (traceId: string) => traceId.replaceAll('-', '');

describe('traces to an OTLP collector', () => {
  let collector: Awaited<ReturnType<typeof receiver>>;
  let stack: LocalStack;
  beforeAll(async () => {
    collector = await receiver();
    stack = await startLocalStack({
      settings: {
        tracing: {
          otlpEndpoint: collector.url,
          flushMs: 20,
          headers: { 'x-collector-key': 'collector-secret' },
        },
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await collector?.close();
  });

  const trace = async (traceId: string, count: number) => {
    await vi.waitFor(
      () => expect(collector.spans().filter((s) => s.traceId === hex(traceId))).toHaveLength(count),
      {
        timeout: 10_000,
        interval: 20,
      },
    );
    return collector.spans().filter((s) => s.traceId === hex(traceId));
  };

  it('an openai SDK stream: a server span, the Copilot call as its child, the record as attributes', async () => {
    const traceId = randomUUID();
    const openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const stream = await openai.chat.completions.create(
      {
        model: 'gpt-5-mini',
        messages: [{ role: 'user', content: 'say hi' }],
        stream: true,
        stream_options: { include_usage: true },
      },
      { headers: { 'x-trace-id': traceId } },
    );
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage?.completion_tokens).toBeGreaterThan(0);

    const spans = await trace(traceId, 2);
    const server = spans.find((s) => s.kind === 2)!;
    const client = spans.find((s) => s.kind === 3)!;
    expect(server.name).toBe('POST openai-chat');
    expect(server.parentSpanId).toBeUndefined();
    expect(client.parentSpanId).toBe(server.spanId);
    expect(client.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(client.spanId).not.toBe(server.spanId);
    expect(client.name).toBe('copilot /chat/completions');
    expect(BigInt(client.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(server.startTimeUnixNano));
    expect(BigInt(client.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(server.endTimeUnixNano));
    expect(attr(server, 'copilot_gateway.trace_id')).toEqual({ stringValue: traceId });
    expect(attr(server, 'copilot_gateway.ingress')).toEqual({ stringValue: 'openai-chat' });
    expect(attr(server, 'gen_ai.request.model')).toEqual({ stringValue: 'gpt-5-mini' });
    expect(attr(server, 'gen_ai.usage.input_tokens')).toEqual({ intValue: String(usage!.prompt_tokens) });
    expect(attr(server, 'gen_ai.usage.output_tokens')).toEqual({
      intValue: String(usage!.completion_tokens),
    });
    expect(attr(server, 'http.response.status_code')).toEqual({ intValue: '200' });
    expect(attr(server, 'copilot_gateway.account_id')).toBeDefined();
    expect(attr(client, 'http.response.status_code')).toEqual({ intValue: '200' });
    expect(server.status).toEqual({});
    // No GitHub login or token among the attributes.
    expect(JSON.stringify(spans)).not.toMatch(/ghu_|tid=/);

    const post = collector.posts.find((p) => JSON.stringify(p.body).includes(hex(traceId)))!;
    expect(post.url).toBe('/v1/traces');
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.headers['x-collector-key']).toBe('collector-secret');
  });

  it('an Anthropic SDK request on a GPT model (translated) and an unknown model (no Copilot call)', async () => {
    const anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'unused', maxRetries: 0 });
    const translated = randomUUID();
    const msg = await anthropic.messages.create(
      { model: 'gpt-5-mini', max_tokens: 200, messages: [{ role: 'user', content: 'hello' }] },
      { headers: { 'x-trace-id': translated } },
    );
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
    const [a, b] = await trace(translated, 2);
    const server = a!.kind === 2 ? a! : b!;
    expect(attr(server, 'copilot_gateway.ingress')).toEqual({ stringValue: 'anthropic' });
    expect(attr(server, 'copilot_gateway.passthrough')).toEqual({ boolValue: false });
    expect(attr(server, 'gen_ai.usage.output_tokens')).toEqual({ intValue: String(msg.usage.output_tokens) });

    const unknown = randomUUID();
    await expect(
      anthropic.messages.create(
        { model: 'no-such-model-xyz', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-trace-id': unknown } },
      ),
    ).rejects.toMatchObject({ status: expect.any(Number) });
    const [only] = await trace(unknown, 1);
    expect(attr(only!, 'error.type')).toBeDefined();
    expect(only!.status).toEqual({});
  });

  it('Copilot failing with 500 marks both spans as errors', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      times: 10,
      fault: { kind: 'status', status: 500 },
    });
    const traceId = randomUUID();
    const openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    try {
      await expect(
        openai.chat.completions.create(
          { model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] },
          { headers: { 'x-trace-id': traceId } },
        ),
      ).rejects.toMatchObject({ status: expect.any(Number) });
    } finally {
      stack.emulator.clearFaults();
    }
    const spans = await trace(traceId, 2);
    const server = spans.find((s) => s.kind === 2)!;
    const client = spans.find((s) => s.kind === 3)!;
    expect(server.status.code).toBe(2);
    expect(client.status).toEqual({ code: 2, message: 'http_500' });
    expect(Number(attr(client, 'copilot_gateway.attempts')?.intValue)).toBeGreaterThan(1);
  });
});

describe('a dead collector costs requests nothing', () => {
  const chat = (stack: LocalStack) =>
    new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 }).chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });

  it('connection refused: every request succeeds, the failed posts and lost spans are counted', async () => {
    const gone = await receiver();
    await gone.close(); // nothing listens on its port any more
    const stack = await startLocalStack({ settings: { tracing: { otlpEndpoint: gone.url, flushMs: 10 } } });
    try {
      for (let i = 0; i < 12; i++) expect((await chat(stack)).choices[0]?.message.content).toBeTruthy();
      const tracing = stack.gateway.ctx.tracing!;
      await vi.waitFor(() => expect(tracing.stats()).toMatchObject({ queued: 0, sending: 0, dropped: 12 }), {
        timeout: 10_000,
        interval: 10,
      });
      expect(tracing.stats().exported).toBe(0);
      expect(tracing.stats().failedPosts).toBeGreaterThan(0);
    } finally {
      await stack.close();
    }
  });

  it('a collector that never answers: the queue stays bounded, shutdown does not wait for it', async () => {
    const hanging = await receiver(true);
    const stack = await startLocalStack({
      settings: { tracing: { otlpEndpoint: hanging.url, flushMs: 10, maxQueued: 4, timeoutMs: 400 } },
    });
    try {
      for (let i = 0; i < 20; i++) expect((await chat(stack)).choices[0]?.message.content).toBeTruthy();
      const s = stack.gateway.ctx.tracing!.stats();
      expect(s.queued).toBeLessThanOrEqual(4);
      expect(s.exported).toBe(0);
      expect(s.dropped + s.queued + s.sending).toBe(20);
      expect(s.dropped).toBeGreaterThanOrEqual(20 - 4 - 4);
    } finally {
      await stack.close(); // bounded: the hanging post is abandoned
      await hanging.close();
    }
    expect(hanging.posts.length).toBeGreaterThan(0);
  });
});
