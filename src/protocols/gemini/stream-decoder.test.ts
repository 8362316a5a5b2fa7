import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { GeminiStreamDecoder } from './stream-decoder.js';
import { encodeEnvelope } from './thought-signature.js';

const fixture = readFileSync(new URL('./__fixtures__/stream-thinking-tool.sse', import.meta.url), 'utf8');

function decode(text: string): IRStreamEvent[] {
  const dec = new GeminiStreamDecoder(createTestCodecContext());
  return [...parseSSEText(text).flatMap((m) => dec.push(m)), ...dec.end()];
}

const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }] })}\r\n\r\n`;

describe('GeminiStreamDecoder', () => {
  it('decodes a recorded thinking + text + parallel calls stream', () => {
    expect(decode(fixture)).toEqual([
      { type: 'start', id: 'r-abc', model: 'gemini-2.5-pro', created: 1767225600 },
      { type: 'reasoning-start', id: 'gem_0' },
      { type: 'reasoning-delta', id: 'gem_0', delta: "Counting the r's…" },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 31, reasoningTokens: 31 } },
      { type: 'reasoning-end', id: 'gem_0' },
      { type: 'text-start', id: 'gem_1' },
      { type: 'text-delta', id: 'gem_1', delta: 'There are 3' },
      { type: 'text-delta', id: 'gem_1', delta: " r's." },
      { type: 'text-end', id: 'gem_1', meta: { gemini: { thoughtSignature: 'EpAIreal' } } },
      {
        type: 'tool-call-start',
        id: 'gem_2',
        callId: 'call_test1',
        name: 'get_weather',
        kind: 'function',
        meta: { gemini: { thoughtSignature: 'CiQBsig' } },
      },
      { type: 'tool-call-delta', id: 'gem_2', delta: '{"city":"Paris"}' },
      { type: 'tool-call-end', id: 'gem_2' },
      { type: 'tool-call-start', id: 'gem_3', callId: 'call_test2', name: 'get_time', kind: 'function' },
      { type: 'tool-call-delta', id: 'gem_3', delta: '{}' },
      { type: 'tool-call-end', id: 'gem_3' },
      {
        type: 'usage',
        usage: { inputTokens: 9, outputTokens: 315, reasoningTokens: 302, cachedInputTokens: 4 },
      },
      {
        type: 'finish',
        reason: 'tool-calls',
        usage: { inputTokens: 9, outputTokens: 315, reasoningTokens: 302, cachedInputTokens: 4 },
      },
    ]);
  });

  it('a cut stream (no finishReason) ends in an upstream error, blocks closed', () => {
    const events = decode(chunk([{ text: 'Hel' }]));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-start', 'text-delta', 'text-end', 'error']);
    const last = events[events.length - 1];
    expect(last.type === 'error' && last.error.kind).toBe('upstream');
    expect(last.type === 'error' && last.error.message).toMatch(/ended before completion/);
  });

  it('a mid-stream error frame becomes an error event and stops decoding', () => {
    const dec = new GeminiStreamDecoder(createTestCodecContext());
    dec.push({ data: JSON.stringify({ candidates: [{ content: { parts: [{ text: 'a' }] } }] }) });
    const events = dec.push({
      data: JSON.stringify({ error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } }),
    });
    expect(events.map((e) => e.type)).toEqual(['text-end', 'error']);
    expect(events[1].type === 'error' && events[1].error.kind).toBe('overloaded');
    expect(dec.push({ data: '{}' })).toEqual([]);
    expect(dec.end()).toEqual([]);
  });

  it('an unparseable chunk is an upstream error', () => {
    const events = decode('data: {not json\n\n');
    expect(events).toHaveLength(1);
    expect(events[0].type === 'error' && events[0].error.kind).toBe('upstream');
  });

  it('restores an envelope onto the open reasoning block and maps blocked prompts', () => {
    const env = encodeEnvelope({ signature: 'sig-A', text: 'think' });
    const events = decode(
      chunk([{ text: 'think', thought: true }]) +
        chunk([{ text: 'Hi', thoughtSignature: env }], { finishReason: 'MAX_TOKENS' }),
    );
    expect(events.filter((e) => e.type === 'reasoning-end')).toEqual([
      { type: 'reasoning-end', id: 'gem_0', signature: 'sig-A' },
    ]);
    expect(events[events.length - 1]).toMatchObject({ type: 'finish', reason: 'length' });

    const blocked = decode(`data: ${JSON.stringify({ promptFeedback: { blockReason: 'SAFETY' } })}\n\n`);
    expect(blocked.map((e) => e.type)).toEqual(['start', 'finish']);
    expect(blocked[1]).toMatchObject({ reason: 'content-filter' });
  });
});
