// The codec as the official @anthropic-ai/sdk sees it: the SDK runs against a fetch stub that
// answers with our encoders' output (no network at all), so wire-level mistakes (missing event
// names, bad indices, missing usage, wrong error envelope) fail here.
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRResponse, IRStreamEvent } from '../ir/types.js';
import { anthropicIngress } from './index.js';

type Answer = { status: number; headers: Record<string, string>; body: string };

function clientAnswering(answer: (body: unknown) => Answer): { client: Anthropic; seen: unknown[] } {
  const seen: unknown[] = [];
  const fetchStub = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body));
    seen.push(body);
    const a = answer(body);
    return new Response(a.body, { status: a.status, headers: a.headers });
  };
  const client = new Anthropic({
    apiKey: 'test',
    baseURL: 'http://127.0.0.1:9',
    fetch: fetchStub as never,
    maxRetries: 0,
  });
  return { client, seen };
}

const events: IRStreamEvent[] = [
  {
    type: 'start',
    id: 'x',
    model: 'claude-sonnet-4.5',
    created: 1,
    usage: { inputTokens: 1180, cachedInputTokens: 1024 },
  },
  { type: 'reasoning-start', id: 'r' },
  { type: 'reasoning-delta', id: 'r', delta: 'Need the weather.' },
  { type: 'reasoning-end', id: 'r', signature: 'SIG' },
  { type: 'text-start', id: 't' },
  { type: 'text-delta', id: 't', delta: 'Let me ' },
  { type: 'text-delta', id: 't', delta: 'check.' },
  { type: 'text-end', id: 't' },
  { type: 'tool-call-start', id: 'c', callId: 'call_1', name: 'get_weather', kind: 'function' },
  { type: 'tool-call-delta', id: 'c', delta: '{"city":' },
  { type: 'tool-call-delta', id: 'c', delta: '"Tokyo"}' },
  { type: 'tool-call-end', id: 'c' },
  {
    type: 'finish',
    reason: 'tool-calls',
    usage: { inputTokens: 1180, cachedInputTokens: 1024, outputTokens: 64 },
  },
];

const params = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user' as const, content: 'Weather in Tokyo?' }],
  thinking: { type: 'enabled' as const, budget_tokens: 1024 },
};

describe('anthropic codec with @anthropic-ai/sdk', () => {
  it('streams a message the SDK accumulates correctly', async () => {
    const { client, seen } = clientAnswering((body) => {
      const ctx = createTestCodecContext();
      const req: IRRequest = anthropicIngress.decodeRequest(body, ctx);
      const enc = anthropicIngress.createStreamEncoder(req, ctx);
      const sse = enc.heartbeat() + events.map((e) => enc.push(e)).join('') + enc.end();
      return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: sse };
    });
    const message = await client.messages.stream(params).finalMessage();
    expect((seen[0] as { stream: boolean }).stream).toBe(true);
    expect(message.model).toBe('claude-sonnet-4-5');
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Need the weather.', signature: 'SIG' },
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Tokyo' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({
      input_tokens: 156,
      cache_read_input_tokens: 1024,
      output_tokens: 64,
    });
  });

  it('surfaces a mid-stream error as an SDK APIError of the right type', async () => {
    const { client } = clientAnswering(() => {
      const enc = anthropicIngress.createStreamEncoder(
        { ...params, system: [], messages: [], tools: [], stream: true },
        createTestCodecContext(),
      );
      const sse =
        enc.push(events[0]!) +
        enc.push({ type: 'error', error: new GatewayError('overloaded', 'Overloaded') });
      return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: sse };
    });
    await expect(client.messages.stream(params).finalMessage()).rejects.toMatchObject({
      error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
  });

  it('returns a non-streaming message', async () => {
    const { client } = clientAnswering((body) => {
      const ctx = createTestCodecContext();
      const req = anthropicIngress.decodeRequest(body, ctx);
      const res: IRResponse = {
        id: 'msg_01',
        model: 'claude-sonnet-4.5',
        created: 1,
        parts: [{ type: 'text', text: 'Hello!' }],
        finishReason: 'stop',
        usage: { inputTokens: 10, outputTokens: 3 },
      };
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(anthropicIngress.encodeResponse(res, req, ctx)),
      };
    });
    const message = await client.messages.create({ ...params, stream: false });
    expect(message.id).toBe('msg_01');
    expect(message.content).toEqual([{ type: 'text', text: 'Hello!' }]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('maps a decode error to the Anthropic error envelope the SDK understands', async () => {
    const { client } = clientAnswering((body) => {
      try {
        anthropicIngress.decodeRequest(body, createTestCodecContext());
        throw new Error('expected a validation error');
      } catch (e) {
        const enc = anthropicIngress.encodeError(GatewayError.from(e));
        return {
          status: enc.status,
          headers: { 'content-type': 'application/json', ...enc.headers },
          body: JSON.stringify(enc.body),
        };
      }
    });
    const err = await client.messages
      .create({ ...params, max_tokens: undefined as never })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as InstanceType<typeof Anthropic.BadRequestError>).message).toContain(
      'max_tokens: Field required',
    );
  });
});
