import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { ChatStreamEncoder } from './stream-encoder.js';

const req = (includeUsage: boolean): IRRequest => ({
  model: 'my-model',
  system: [],
  messages: [],
  tools: [],
  stream: true,
  streamIncludeUsage: includeUsage,
});

function encode(events: IRStreamEvent[], includeUsage = true) {
  const enc = new ChatStreamEncoder(req(includeUsage), createTestCodecContext());
  let text = '';
  for (const ev of events) text += enc.push(ev);
  text += enc.end();
  return { text, enc };
}

const payloads = (text: string) =>
  parseSSEText(text).map((m) =>
    m.data === '[DONE]' ? '[DONE]' : (JSON.parse(m.data) as Record<string, unknown>),
  );

const usage = { inputTokens: 10, outputTokens: 5, cachedInputTokens: 2 };

describe('ChatStreamEncoder', () => {
  it('streams role, reasoning, signature, text, tool calls, finish, usage and [DONE]', () => {
    const { text } = encode([
      { type: 'start', id: 'msg_1', model: 'claude', created: 1767225600 },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'think' },
      { type: 'reasoning-signature', id: 'r', signature: 'sig' },
      { type: 'reasoning-end', id: 'r', signature: 'sig' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hi' },
      { type: 'text-end', id: 't' },
      { type: 'tool-call-start', id: 'a', callId: 'call_a', name: 'f', kind: 'function' },
      { type: 'tool-call-delta', id: 'a', delta: '{"x":1}' },
      { type: 'tool-call-end', id: 'a' },
      { type: 'tool-call-start', id: 'b', callId: 'call_b', name: 'g', kind: 'function' },
      { type: 'tool-call-end', id: 'b' },
      { type: 'usage', usage },
      { type: 'finish', reason: 'stop', usage },
    ]);
    const p = payloads(text);
    const deltas = p.slice(0, -2).map((c) => (c as { choices: Array<{ delta: unknown }> }).choices[0].delta);
    expect(deltas).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'think' },
      { reasoning_opaque: 'sig' },
      { content: 'Hi' },
      { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"x":1}' } }] },
      { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'g', arguments: '' } }] },
      {},
    ]);
    const first = p[0] as Record<string, unknown>;
    expect(first).toMatchObject({
      id: 'chatcmpl-msg_1',
      object: 'chat.completion.chunk',
      created: 1767225600,
      model: 'my-model',
    });
    const finish = p.at(-3) as { choices: Array<{ finish_reason: string }> };
    expect(finish.choices[0].finish_reason).toBe('tool_calls');
    expect(p.at(-2)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 5,
        total_tokens: 15,
        prompt_tokens_details: { cached_tokens: 2 },
      },
    });
    expect(p.at(-1)).toBe('[DONE]');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('omits the usage chunk without include_usage', () => {
    const { text } = encode(
      [
        { type: 'start', id: 'chatcmpl-1', model: 'm', created: 1 },
        { type: 'text-delta', id: 't', delta: 'x' },
        { type: 'finish', reason: 'length', usage },
      ],
      false,
    );
    const p = payloads(text);
    expect(p).toHaveLength(4);
    expect((p[2] as { choices: Array<{ finish_reason: string }> }).choices[0].finish_reason).toBe('length');
  });

  it('sends a role chunk even when the first event is not start', () => {
    const { text } = encode(
      [
        { type: 'text-delta', id: 't', delta: 'x' },
        { type: 'finish', reason: 'stop' },
      ],
      false,
    );
    const p = payloads(text) as Array<{ choices: Array<{ delta: unknown }> }>;
    expect(p[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
  });

  it('writes a mid-stream error frame without [DONE] and nothing after it', () => {
    const enc = new ChatStreamEncoder(req(true), createTestCodecContext());
    enc.push({ type: 'start', id: 'chatcmpl-1', model: 'm', created: 1 });
    const err = new GatewayError('rate_limit', 'slow down');
    const viaPush = new ChatStreamEncoder(req(true), createTestCodecContext()).push({
      type: 'error',
      error: err,
    });
    const text = enc.error(err);
    expect(text).toBe(viaPush);
    expect(text).toBe(
      'data: {"error":{"message":"slow down","type":"rate_limit_exceeded","param":null,"code":"rate_limit_exceeded"}}\n\n',
    );
    expect(enc.push({ type: 'text-delta', id: 't', delta: 'x' })).toBe('');
    expect(enc.end()).toBe('');
    expect(enc.heartbeat()).toBe('');
  });

  it('heartbeats with an SSE comment and closes exactly once', () => {
    const enc = new ChatStreamEncoder(req(false), createTestCodecContext());
    expect(enc.heartbeat()).toBe(': keep-alive\n\n');
    const closing = enc.push({ type: 'finish', reason: 'stop' });
    expect(closing.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(enc.end()).toBe('');
    expect(enc.push({ type: 'finish', reason: 'stop' })).toBe('');
  });

  it('streams custom tool calls natively', () => {
    const { text } = encode(
      [
        { type: 'tool-call-start', id: 'a', callId: 'c', name: 'apply_patch', kind: 'custom' },
        { type: 'tool-call-delta', id: 'a', delta: '*** Begin' },
        { type: 'tool-call-end', id: 'a' },
        { type: 'finish', reason: 'tool-calls' },
      ],
      false,
    );
    const deltas = (payloads(text).slice(1, 3) as Array<{ choices: Array<{ delta: unknown }> }>).map(
      (c) => c.choices[0].delta,
    );
    expect(deltas).toEqual([
      { tool_calls: [{ index: 0, id: 'c', type: 'custom', custom: { name: 'apply_patch', input: '' } }] },
      { tool_calls: [{ index: 0, custom: { input: '*** Begin' } }] },
    ]);
  });
});
