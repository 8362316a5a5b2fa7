import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { SSEMessage } from '../ir/codec.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { AnthropicStreamEncoder } from './stream-encoder.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary wire JSON
type WireJson = any;

const req: IRRequest = { model: 'claude-sonnet-4-5', system: [], messages: [], tools: [], stream: true };

function run(
  events: IRStreamEvent[],
  finish = true,
): { text: string; frames: Array<SSEMessage & { json: WireJson }> } {
  const enc = new AnthropicStreamEncoder(req, createTestCodecContext());
  let text = events.map((e) => enc.push(e)).join('');
  if (finish) text += enc.end();
  const frames = parseSSEText(text).map((m) => ({ ...m, json: JSON.parse(m.data) }));
  return { text, frames };
}

const start: IRStreamEvent = {
  type: 'start',
  id: 'chatcmpl-9',
  model: 'claude-sonnet-4.5',
  created: 1,
  usage: { inputTokens: 1180, cachedInputTokens: 1024 },
};

describe('AnthropicStreamEncoder', () => {
  it('emits the documented frame sequence with contiguous indices', () => {
    const { frames } = run([
      start,
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'User wants weather.' },
      { type: 'reasoning-signature', id: 'r', signature: 'SIG' },
      { type: 'reasoning-end', id: 'r' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Checking.' },
      { type: 'text-end', id: 't' },
      { type: 'tool-call-start', id: 'c', callId: 'call.1', name: 'get_weather', kind: 'function' },
      { type: 'tool-call-delta', id: 'c', delta: '{"city": "Par' },
      { type: 'tool-call-delta', id: 'c', delta: 'is"}' },
      { type: 'tool-call-end', id: 'c' },
      { type: 'usage', usage: { outputTokens: 58 } },
      {
        type: 'finish',
        reason: 'tool-calls',
        usage: { inputTokens: 1180, cachedInputTokens: 1024, outputTokens: 58 },
      },
    ]);
    expect(frames.map((f) => f.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const f of frames) expect(f.json.type).toBe(f.event);
    expect(frames[0]!.json.message).toMatchObject({
      id: 'msg_test1',
      model: 'claude-sonnet-4-5',
      usage: {
        input_tokens: 156,
        cache_read_input_tokens: 1024,
        cache_creation_input_tokens: 0,
        output_tokens: 0,
      },
    });
    expect(frames[1]!.json).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    });
    expect(frames[3]!.json.delta).toEqual({ type: 'signature_delta', signature: 'SIG' });
    expect(frames.filter((f) => f.event === 'content_block_start').map((f) => f.json.index)).toEqual([
      0, 1, 2,
    ]);
    expect(frames[8]!.json.content_block).toEqual({
      type: 'tool_use',
      id: expect.stringMatching(/^[\w-]+$/),
      name: 'get_weather',
      input: {},
    });
    expect(frames[12]!.json).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: {
        input_tokens: 156,
        cache_read_input_tokens: 1024,
        cache_creation_input_tokens: 0,
        output_tokens: 58,
      },
    });
  });

  it('never emits empty text or unsigned empty thinking blocks', () => {
    const { frames } = run([
      start,
      { type: 'text-start', id: 't0' },
      { type: 'text-delta', id: 't0', delta: '' },
      { type: 'text-end', id: 't0' },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-end', id: 'r' },
      { type: 'text-start', id: 't1' },
      { type: 'text-delta', id: 't1', delta: 'Hi' },
      { type: 'text-end', id: 't1' },
      { type: 'finish', reason: 'stop' },
    ]);
    const starts = frames.filter((f) => f.event === 'content_block_start');
    expect(starts).toHaveLength(1);
    expect(starts[0]!.json.index).toBe(0);
    expect(frames.at(-2)!.json.delta.stop_reason).toBe('end_turn');
  });

  it('carries /responses encrypted_content as a prefixed signature', () => {
    const { frames } = run([
      start,
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'plan' },
      { type: 'reasoning-end', id: 'r', encryptedContent: 'gAAAA' },
      { type: 'finish', reason: 'stop' },
    ]);
    const sig = frames.find((f) => f.json.delta?.type === 'signature_delta');
    expect(sig!.json.delta.signature).toBe('gwenc1:gAAAA');
  });

  it('emits a signature-only thinking block (display omitted) and redacted thinking whole', () => {
    const { frames } = run([
      start,
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-end', id: 'r', signature: 'S' },
      { type: 'reasoning-start', id: 'x', redactedData: 'RED' },
      { type: 'reasoning-end', id: 'x' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(frames.slice(1, 6).map((f) => f.json)).toEqual([
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'S' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'RED' } },
      { type: 'content_block_stop', index: 1 },
    ]);
  });

  it('closes an open block before another starts (no interleaving)', () => {
    const { frames } = run([
      start,
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'a' },
      { type: 'tool-call-start', id: 'c', callId: 'c1', name: 'f', kind: 'function' },
      { type: 'finish', reason: 'tool-calls' },
    ]);
    expect(frames.map((f) => `${f.event}:${f.json.index ?? ''}`)).toEqual([
      'message_start:',
      'content_block_start:0',
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_stop:1',
      'message_delta:',
      'message_stop:',
    ]);
  });

  it('streams freeform tool input as a JSON object', () => {
    const { frames } = run([
      start,
      { type: 'tool-call-start', id: 'c', callId: 'c1', name: 'apply_patch', kind: 'custom' },
      { type: 'tool-call-delta', id: 'c', delta: '*** Begin "Patch"\n' },
      { type: 'tool-call-end', id: 'c' },
      { type: 'finish', reason: 'tool-calls' },
    ]);
    const json = frames
      .filter((f) => f.json.delta?.type === 'input_json_delta')
      .map((f) => f.json.delta.partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ input: '*** Begin "Patch"\n' });
  });

  it('derives tool_use from the calls actually streamed', () => {
    const noCalls = run([start, { type: 'finish', reason: 'tool-calls' }]).frames;
    expect(noCalls.at(-2)!.json.delta.stop_reason).toBe('end_turn');
    const calls = run([
      start,
      { type: 'tool-call-start', id: 'c', callId: 'c1', name: 'f', kind: 'function' },
      { type: 'tool-call-end', id: 'c' },
      { type: 'finish', reason: 'stop' },
    ]).frames;
    expect(calls.at(-2)!.json.delta.stop_reason).toBe('tool_use');
  });

  it('reports stop sequences and synthesises message_start when start is missing', () => {
    const { frames } = run([
      {
        type: 'finish',
        reason: 'stop-sequence',
        stopSequence: 'END',
        usage: { inputTokens: 3, outputTokens: 1 },
      },
    ]);
    expect(frames.map((f) => f.event)).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(frames[1]!.json.delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
  });

  it('heartbeats with ping, errors with event: error, and writes nothing afterwards', () => {
    const enc = new AnthropicStreamEncoder(req, createTestCodecContext());
    expect(enc.heartbeat()).toBe('event: ping\ndata: {"type":"ping"}\n\n');
    enc.push(start);
    const err = new GatewayError('overloaded', 'Overloaded');
    const viaPush = new AnthropicStreamEncoder(req, createTestCodecContext());
    viaPush.push(start);
    const text = enc.error(err);
    expect(text).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
    expect(viaPush.push({ type: 'error', error: err })).toBe(text);
    expect(enc.push({ type: 'text-start', id: 't' })).toBe('');
    expect(enc.end()).toBe('');
    expect(enc.heartbeat()).toBe('');
  });

  it('closes cleanly in end() without a finish and emits nothing after message_stop', () => {
    const enc = new AnthropicStreamEncoder(req, createTestCodecContext());
    const text =
      enc.push(start) +
      enc.push({ type: 'text-start', id: 't' }) +
      enc.push({ type: 'text-delta', id: 't', delta: 'x' }) +
      enc.end();
    expect(parseSSEText(text).map((m) => m.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(enc.end()).toBe('');
    expect(enc.push({ type: 'finish', reason: 'stop' })).toBe('');
  });
});
