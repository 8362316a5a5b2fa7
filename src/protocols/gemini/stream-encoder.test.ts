import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRStreamEvent } from '../ir/types.js';
import { GeminiStreamEncoder, type GeminiStreamMode } from './stream-encoder.js';
import { decodeEnvelope } from './thought-signature.js';

const req = (includeThoughts = false) =>
  ({ model: 'gemini-2.5-pro', reasoning: { includeThoughts } }) as IRRequest;
const make = (mode: GeminiStreamMode = 'sse', includeThoughts = false) =>
  new GeminiStreamEncoder(req(includeThoughts), createTestCodecContext(), { mode });

const events: IRStreamEvent[] = [
  { type: 'start', id: 'msg_1', model: 'claude-x', created: 1 },
  { type: 'reasoning-start', id: 'r' },
  { type: 'reasoning-delta', id: 'r', delta: 'Need weather.' },
  { type: 'reasoning-signature', id: 'r', signature: 'EqQB' },
  { type: 'reasoning-end', id: 'r' },
  { type: 'text-start', id: 't' },
  { type: 'text-delta', id: 't', delta: 'Checking.' },
  { type: 'text-end', id: 't' },
  { type: 'tool-call-start', id: 'c', callId: 'toolu_1', name: 'get_weather', kind: 'function' },
  { type: 'tool-call-delta', id: 'c', delta: '{"city":' },
  { type: 'usage', usage: { inputTokens: 42, outputTokens: 10 } },
  { type: 'tool-call-delta', id: 'c', delta: '"Paris"}' },
  { type: 'tool-call-end', id: 'c' },
  { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 42, outputTokens: 95, reasoningTokens: 60 } },
];

const frames = (text: string) =>
  text
    .split('\r\n\r\n')
    .filter((f) => f !== '')
    .map((f) => {
      expect(f.startsWith('data: ')).toBe(true);
      return JSON.parse(f.slice(6));
    });

describe('GeminiStreamEncoder (sse)', () => {
  it('emits text deltas, whole function calls, cumulative usage and a final finishReason', () => {
    const enc = make('sse', true);
    const text = events.map((e) => enc.push(e)).join('') + enc.end();
    expect(text).not.toContain('[DONE]');
    const chunks = frames(text);
    expect(chunks.map((c) => c.candidates[0].content.parts)).toEqual([
      [{ text: 'Need weather.', thought: true }],
      [{ text: 'Checking.', thoughtSignature: expect.stringMatching(/^gw1:/) }],
      [{ functionCall: { id: 'toolu_1', name: 'get_weather', args: { city: 'Paris' } } }],
      [],
    ]);
    expect(decodeEnvelope(chunks[1].candidates[0].content.parts[0].thoughtSignature)).toEqual({
      v: 1,
      signature: 'EqQB',
      text: 'Need weather.',
    });
    expect(chunks[2].usageMetadata).toEqual({
      promptTokenCount: 42,
      candidatesTokenCount: 10,
      totalTokenCount: 52,
    });
    const last = chunks[3];
    expect(last.candidates[0].finishReason).toBe('STOP');
    expect(last.usageMetadata).toEqual({
      promptTokenCount: 42,
      candidatesTokenCount: 35,
      thoughtsTokenCount: 60,
      totalTokenCount: 137,
    });
    expect(chunks.every((c) => c.modelVersion === 'gemini-2.5-pro' && c.responseId === 'msg_1')).toBe(true);
    // Only the final chunk may have no parts.
    expect(chunks.slice(0, -1).every((c) => c.candidates[0].content.parts.length > 0)).toBe(true);
  });

  it('puts the envelope on the function call when thoughts are not requested', () => {
    const enc = make('sse', false);
    const chunks = frames(
      events
        .filter((e) => e.type !== 'text-delta')
        .map((e) => enc.push(e))
        .join(''),
    );
    expect(chunks[0].candidates[0].content.parts[0]).toMatchObject({
      functionCall: { name: 'get_weather' },
      thoughtSignature: expect.stringMatching(/^gw1:/),
    });
    expect(JSON.stringify(chunks)).not.toContain('"thought"');
  });

  it('replaces invalid arguments by {} with a warning', () => {
    const ctx = createTestCodecContext();
    const enc = new GeminiStreamEncoder(req(), ctx, { mode: 'sse' });
    enc.push({ type: 'tool-call-start', id: 'c', callId: 'x', name: 'f', kind: 'function' });
    enc.push({ type: 'tool-call-delta', id: 'c', delta: '{"trunc' });
    expect(
      frames(enc.push({ type: 'tool-call-end', id: 'c' }))[0].candidates[0].content.parts[0].functionCall
        .args,
    ).toEqual({});
    expect(ctx.warnings).toHaveLength(1);
  });

  it('writes a mid-stream error as a bare JSON object and nothing after it', () => {
    const enc = make('sse');
    enc.push({ type: 'start', id: 'm', model: 'x', created: 1 });
    enc.push({ type: 'text-delta', id: 't', delta: 'partial' });
    const err = new GatewayError('rate_limit', 'slow down', { retryAfter: 7 });
    const out = enc.push({ type: 'error', error: err });
    expect(JSON.parse(out)).toEqual({
      error: {
        code: 429,
        message: 'slow down',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }],
      },
    });
    expect(out.startsWith('{')).toBe(true);
    expect(enc.push({ type: 'text-delta', id: 't', delta: 'more' })).toBe('');
    expect(enc.end()).toBe('');
    expect(enc.heartbeat()).toBe('');
    expect(make('sse').error(err)).toBe(out);
  });

  it('end() without a finish reports a cut stream instead of faking STOP', () => {
    const enc = make('sse');
    enc.push({ type: 'text-delta', id: 't', delta: 'x' });
    expect(JSON.parse(enc.end())).toMatchObject({ error: { code: 502, status: 'UNAVAILABLE' } });
  });

  it('heartbeat is whitespace that both genai readers skip', () => {
    expect(make('sse').heartbeat()).toBe('\r\n');
    expect(make('json-array').heartbeat()).toBe('\r\n');
  });

  it('escapes U+2028/U+2029 so line-based readers do not split a chunk', () => {
    const enc = make('sse');
    const out = enc.push({ type: 'text-delta', id: 't', delta: 'a\u2028b\u2029c' });
    expect(out).not.toMatch(/[\u2028\u2029]/);
    expect(frames(out)[0].candidates[0].content.parts[0].text).toBe('a\u2028b\u2029c');
  });
});

describe('GeminiStreamEncoder (json-array)', () => {
  it('streams one valid JSON array', () => {
    const enc = make('json-array', true);
    const pieces = [enc.heartbeat(), ...events.map((e) => enc.push(e)), enc.end()];
    expect(pieces.find((p) => p.trim() !== '')?.startsWith('[')).toBe(true);
    const body = JSON.parse(pieces.join(''));
    expect(body).toHaveLength(4);
    expect(body[3].candidates[0].finishReason).toBe('STOP');
  });

  it('ends the array with the error element', () => {
    const enc = make('json-array');
    const a = enc.push({ type: 'text-delta', id: 't', delta: 'x' });
    const b = enc.error(new GatewayError('overloaded', 'busy'));
    const body = JSON.parse(a + b);
    expect(body[1]).toEqual({ error: { code: 503, message: 'busy', status: 'UNAVAILABLE' } });
    expect(JSON.parse(make('json-array').error(new GatewayError('timeout', 't')))).toEqual([
      { error: { code: 504, message: 't', status: 'DEADLINE_EXCEEDED' } },
    ]);
  });
});
