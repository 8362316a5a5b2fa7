import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { decodeReasoningEnvelope } from './reasoning-envelope.js';
import { ResponsesStreamEncoder } from './stream-encoder.js';

const baseReq: IRRequest = {
  model: 'claude-sonnet-4.5',
  system: [],
  messages: [{ role: 'user', parts: [{ type: 'text', text: 'weather?' }] }],
  tools: [],
  stream: true,
  include: ['reasoning.encrypted_content'],
};

const events: IRStreamEvent[] = [
  { type: 'start', id: 'msg_up', model: 'claude-sonnet-4.5', created: 1 },
  { type: 'reasoning-start', id: 'r1' },
  { type: 'reasoning-delta', id: 'r1', delta: 'User wants ' },
  { type: 'reasoning-delta', id: 'r1', delta: 'weather.' },
  { type: 'reasoning-signature', id: 'r1', signature: 'EqQBsig' },
  { type: 'reasoning-end', id: 'r1' },
  { type: 'text-start', id: 't1' },
  { type: 'text-delta', id: 't1', delta: 'Let me ' },
  { type: 'text-delta', id: 't1', delta: 'check.' },
  { type: 'text-end', id: 't1' },
  { type: 'tool-call-start', id: 'c1', callId: 'toolu_bdrk_01', name: 'get_weather', kind: 'function' },
  { type: 'tool-call-delta', id: 'c1', delta: '{"city":' },
  { type: 'tool-call-delta', id: 'c1', delta: '"Paris"}' },
  { type: 'tool-call-end', id: 'c1' },
  { type: 'tool-call-start', id: 'c2', callId: 'functions.patch:1', name: 'apply_patch', kind: 'custom' },
  { type: 'tool-call-delta', id: 'c2', delta: '*** Begin Patch\n' },
  { type: 'tool-call-end', id: 'c2' },
  { type: 'usage', usage: { inputTokens: 50 } },
  {
    type: 'finish',
    reason: 'tool-calls',
    usage: { inputTokens: 50, outputTokens: 20, cachedInputTokens: 10, reasoningTokens: 5 },
  },
];

function encodeAll(evs: IRStreamEvent[], req = baseReq): string {
  const enc = new ResponsesStreamEncoder(req, createTestCodecContext());
  return evs.map((e) => enc.push(e)).join('') + enc.end();
}

const frames = (text: string) => parseSSEText(text).map((m) => ({ event: m.event, ...JSON.parse(m.data) }));

describe('ResponsesStreamEncoder', () => {
  const out = frames(encodeAll(events));

  it('follows the Responses event order rules', () => {
    expect(out.map((f) => f.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
      'response.completed',
    ]);
    // event: name equals data.type, sequence numbers count every event.
    for (const [i, f] of out.entries()) {
      expect(f.event).toBe(f.type);
      expect(f.sequence_number).toBe(i);
    }
    expect(out[0].response).toMatchObject({ status: 'in_progress', output: [], model: 'claude-sonnet-4.5' });
  });

  it('keeps item ids and output indexes consistent', () => {
    const added = out.filter((f) => f.type === 'response.output_item.added');
    const done = out.filter((f) => f.type === 'response.output_item.done');
    expect(added.map((f) => f.output_index)).toEqual([0, 1, 2, 3]);
    expect(done.map((f) => f.item.id)).toEqual(added.map((f) => f.item.id));
    expect(new Set(added.map((f) => f.item.id)).size).toBe(4);
    for (const f of out.filter((x) => 'item_id' in x)) {
      expect(f.item_id).toBe(added[f.output_index].item.id);
    }
    const completed = out.at(-1)!.response;
    expect(completed.output).toEqual(done.map((f) => f.item));
    expect(completed.usage).toEqual({
      input_tokens: 50,
      input_tokens_details: { cached_tokens: 10 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 5 },
      total_tokens: 70,
    });
  });

  it('produces Codex-parseable items; foreign reasoning travels in a gw1 envelope', () => {
    const done = out.filter((f) => f.type === 'response.output_item.done').map((f) => f.item);
    expect(done[0]).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'User wants weather.' }],
    });
    expect(decodeReasoningEnvelope(done[0].encrypted_content)).toEqual({
      text: 'User wants weather.',
      signature: 'EqQBsig',
    });
    expect(done[1]).toMatchObject({
      type: 'message',
      content: [{ type: 'output_text', text: 'Let me check.' }],
    });
    expect(done[2]).toMatchObject({
      type: 'function_call',
      call_id: 'toolu_bdrk_01',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    expect(done[3]).toMatchObject({
      type: 'custom_tool_call',
      name: 'apply_patch',
      input: '*** Begin Patch\n',
    });
    expect(done[3].call_id).toMatch(/^functions\.patch:1$/);
  });

  it('omits encrypted_content when the request does not include it', () => {
    const plain = frames(encodeAll(events, { ...baseReq, include: undefined }));
    const item = plain.find((f) => f.type === 'response.output_item.done')!.item;
    expect(item).not.toHaveProperty('encrypted_content');
  });

  it('reports length as response.incomplete', () => {
    const f = frames(
      encodeAll([
        { type: 'start', id: 'x', model: 'm', created: 1 },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'abc' },
        { type: 'text-end', id: 't' },
        { type: 'finish', reason: 'length', usage: { inputTokens: 1, outputTokens: 2 } },
      ]),
    );
    expect(f.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
  });

  it('maps errors to an error event and response.failed with Codex retry codes', () => {
    const cases: Array<[GatewayError, string]> = [
      [new GatewayError('context_length', 'too long'), 'context_length_exceeded'],
      [new GatewayError('quota', 'no quota'), 'insufficient_quota'],
      [new GatewayError('rate_limit', 'slow down', { retryAfter: 7 }), 'rate_limit_exceeded'],
      [new GatewayError('overloaded', 'busy'), 'server_is_overloaded'],
      [new GatewayError('upstream', 'broken'), 'server_error'],
      [GatewayError.invalid('bad'), 'invalid_prompt'],
    ];
    for (const [err, code] of cases) {
      const enc = new ResponsesStreamEncoder(baseReq, createTestCodecContext());
      const text =
        enc.push({ type: 'start', id: 'x', model: 'm', created: 1 }) +
        enc.push({ type: 'text-start', id: 't' }) +
        enc.push({ type: 'error', error: err });
      const f = frames(text);
      const errorFrame = f.find((x) => x.type === 'error')!;
      expect(errorFrame.code).toBe(code);
      expect(f.at(-1)).toMatchObject({
        type: 'response.failed',
        response: { status: 'failed', error: { code } },
      });
      if (code === 'rate_limit_exceeded') expect(errorFrame.message).toMatch(/try again in 7s/);
      // nothing after an error
      expect(enc.push({ type: 'text-delta', id: 't', delta: 'x' })).toBe('');
      expect(enc.end()).toBe('');
      expect(enc.heartbeat()).toBe('');
    }
  });

  it('push(error) equals error(err)', () => {
    const a = new ResponsesStreamEncoder(baseReq, createTestCodecContext());
    const b = new ResponsesStreamEncoder(baseReq, createTestCodecContext());
    const err = new GatewayError('overloaded', 'busy');
    expect(a.push({ type: 'error', error: err })).toBe(b.error(err));
  });

  it('ends without a finish as a failure, never a fake completion', () => {
    const enc = new ResponsesStreamEncoder(baseReq, createTestCodecContext());
    const f = frames(enc.push({ type: 'start', id: 'x', model: 'm', created: 1 }) + enc.end());
    expect(f.map((x) => x.type)).toEqual([
      'response.created',
      'response.in_progress',
      'error',
      'response.failed',
    ]);
    expect(f.at(-1).response.error.code).toBe('server_error');
  });

  it('heartbeats are typed in_progress events with the next sequence number', () => {
    const enc = new ResponsesStreamEncoder(baseReq, createTestCodecContext());
    const first = frames(enc.heartbeat());
    expect(first.map((x) => x.type)).toEqual(['response.created', 'response.in_progress']);
    const text = enc.push({ type: 'start', id: 'x', model: 'm', created: 1 }) + enc.heartbeat();
    const f = frames(text);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ type: 'response.in_progress', sequence_number: 2 });
  });
});

describe('ResponsesStreamEncoder with the openai SDK accumulator (loopback)', () => {
  let server: Server;
  let baseURL = '';
  let body = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts the stream and rebuilds the same final response', async () => {
    body = encodeAll(events);
    const client = new OpenAI({ apiKey: 'test', baseURL, maxRetries: 0 });
    const stream = client.responses.stream({ model: 'claude-sonnet-4.5', input: 'weather?' });
    const final = await stream.finalResponse();
    const completed = frames(body).at(-1)!.response;
    expect(final.id).toBe(completed.id);
    expect(final.output).toMatchObject(completed.output);
    expect(final.status).toBe('completed');
    expect(final.usage?.total_tokens).toBe(70);
  });

  it('surfaces a mid-stream error as a thrown error', async () => {
    const enc = new ResponsesStreamEncoder(baseReq, createTestCodecContext());
    body =
      enc.push({ type: 'start', id: 'x', model: 'm', created: 1 }) +
      enc.error(new GatewayError('rate_limit', 'Too many requests', { retryAfter: 3 }));
    const client = new OpenAI({ apiKey: 'test', baseURL, maxRetries: 0 });
    const stream = client.responses.stream({ model: 'm', input: 'x' });
    await expect(stream.finalResponse()).rejects.toThrow(/Too many requests/);
  });
});

describe('ResponsesStreamEncoder call ids', () => {
  it('gives id-less calls (Gemini) a fresh, unique call_id used in added and done', () => {
    const f = frames(
      encodeAll([
        { type: 'start', id: 'x', model: 'm', created: 1 },
        { type: 'tool-call-start', id: 'a', callId: '', name: 'f', kind: 'function' },
        { type: 'tool-call-end', id: 'a' },
        { type: 'tool-call-start', id: 'b', callId: '', name: 'f', kind: 'function' },
        { type: 'tool-call-end', id: 'b' },
        { type: 'finish', reason: 'tool-calls' },
      ]),
    );
    const added = f.filter((x) => x.type === 'response.output_item.added').map((x) => x.item.call_id);
    const done = f.filter((x) => x.type === 'response.output_item.done').map((x) => x.item.call_id);
    expect(added).toEqual(done);
    expect(new Set(added).size).toBe(2);
    expect(added.every((id: string) => id.length > 0)).toBe(true);
  });
});
