import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { AnthropicStreamDecoder } from './stream-decoder.js';

const recorded = readFileSync(new URL('./__fixtures__/copilot-stream.sse', import.meta.url), 'utf8');

function decode(sse: string, withEnd = true): IRStreamEvent[] {
  const d = new AnthropicStreamDecoder(createTestCodecContext());
  const out = parseSSEText(sse).flatMap((m) => d.push(m));
  return withEnd ? [...out, ...d.end()] : out;
}

const frame = (type: string, payload: object) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
const messageStart = frame('message_start', {
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-x',
    content: [],
    usage: { input_tokens: 5, output_tokens: 1 },
  },
});

describe('AnthropicStreamDecoder', () => {
  it('decodes a recorded Copilot stream into ordered IR events', () => {
    const events = decode(recorded);
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-signature',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'tool-call-start',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-end',
      'usage',
      'finish',
    ]);
    expect(events[0]).toEqual({
      type: 'start',
      id: 'msg_bdrk_01Q8wErTyUiOp',
      model: 'claude-sonnet-4-5-20250929',
      created: 1767225600,
      usage: { inputTokens: 1180, cachedInputTokens: 1024, cacheWriteTokens: 0, outputTokens: 1 },
    });
    expect(events[5]).toMatchObject({ type: 'reasoning-end', signature: 'EqQBCkgIBhABGAIiQL3xstream-sig' });
    expect(events[10]).toMatchObject({
      type: 'tool-call-start',
      callId: 'toolu_bdrk_01AbC',
      name: 'get_weather',
      kind: 'function',
    });
    const args = events
      .filter((e) => e.type === 'tool-call-delta')
      .map((e) => (e as { delta: string }).delta);
    expect(JSON.parse(args.join(''))).toEqual({ city: 'Tokyo' });
    const finish = events.at(-1)!;
    expect(finish).toMatchObject({
      type: 'finish',
      reason: 'tool-calls',
      usage: { inputTokens: 1180, cachedInputTokens: 1024, cacheWriteTokens: 0, outputTokens: 64 },
    });
    expect(
      (finish as { usage: { copilotUsage: { total_nano_aiu: number } } }).usage.copilotUsage.total_nano_aiu,
    ).toBe(173520000);
    // Block ids are unique.
    const ids = events
      .filter((e) => e.type.endsWith('-start') && e.type !== 'start')
      .map((e) => (e as { id: string }).id);
    expect(new Set(ids).size).toBe(3);
  });

  it('ends with an upstream error when the stream is cut before message_delta', () => {
    const events = decode(
      messageStart +
        frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
        frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hel' } }),
    );
    expect(events.map((e) => e.type)).toEqual(['start', 'text-start', 'text-delta', 'text-end', 'error']);
    const err = events.at(-1) as Extract<IRStreamEvent, { type: 'error' }>;
    expect(err.error.kind).toBe('upstream');
    expect(err.error.message).toBe('the Copilot stream ended before completion');
  });

  it('finishes in end() when message_delta arrived but message_stop did not', () => {
    const events = decode(
      messageStart +
        frame('message_delta', { delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 9 } }),
    );
    expect(events.at(-1)).toEqual({
      type: 'finish',
      reason: 'length',
      usage: { inputTokens: 5, outputTokens: 9 },
    });
  });

  it('turns an error event into an IR error and stops', () => {
    const d = new AnthropicStreamDecoder(createTestCodecContext());
    const events = parseSSEText(
      messageStart +
        frame('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }) +
        frame('message_stop', {}),
    ).flatMap((m) => d.push(m));
    expect(events.map((e) => e.type)).toEqual(['start', 'error']);
    expect((events[1] as Extract<IRStreamEvent, { type: 'error' }>).error.kind).toBe('overloaded');
    expect(d.end()).toEqual([]);
  });

  it('handles redacted thinking, stop sequences and skipped server-tool blocks', () => {
    const ctx = createTestCodecContext();
    const d = new AnthropicStreamDecoder(ctx);
    const events = parseSSEText(
      messageStart +
        frame('content_block_start', {
          index: 0,
          content_block: { type: 'redacted_thinking', data: 'RED' },
        }) +
        frame('content_block_stop', { index: 0 }) +
        frame('content_block_start', {
          index: 1,
          content_block: { type: 'server_tool_use', id: 's', name: 'web_search', input: {} },
        }) +
        frame('content_block_delta', {
          index: 1,
          delta: { type: 'input_json_delta', partial_json: '{"q":1}' },
        }) +
        frame('content_block_stop', { index: 1 }) +
        frame('message_delta', {
          delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' },
          usage: { output_tokens: 3 },
        }) +
        frame('message_stop', {}),
    ).flatMap((m) => d.push(m));
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'reasoning-start',
      'reasoning-end',
      'usage',
      'finish',
    ]);
    expect(events[1]).toMatchObject({ redactedData: 'RED' });
    expect(events.at(-1)).toMatchObject({ reason: 'stop-sequence', stopSequence: 'END' });
    expect(ctx.warnings).toHaveLength(1);
  });

  it('reports a malformed frame as an upstream error', () => {
    const events = decode('event: message_start\ndata: {not json\n\n');
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe('error');
  });
});
