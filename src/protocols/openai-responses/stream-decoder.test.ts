import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SSEMessage } from '../ir/codec.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { ResponsesStreamDecoder } from './stream-decoder.js';

const recorded = readFileSync(new URL('./__fixtures__/copilot-stream.sse', import.meta.url), 'utf8');

function decodeAll(messages: SSEMessage[]): IRStreamEvent[] {
  const dec = new ResponsesStreamDecoder(createTestCodecContext());
  return [...messages.flatMap((m) => dec.push(m)), ...dec.end()];
}

const frame = (data: Record<string, unknown>): SSEMessage => ({
  event: String(data.type),
  data: JSON.stringify(data),
});

describe('ResponsesStreamDecoder (recorded Copilot stream)', () => {
  const events = decodeAll(parseSSEText(recorded));

  it('emits start, one block at a time, and a finish with usage', () => {
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-delta',
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
    expect(events[0]).toMatchObject({
      id: 'resp_Y2hhdGNtcGwtQ29waWxvdC1yZXNwb25zZXMtb3BhcXVlLWlkLTAx',
      model: 'gpt-5-codex',
      created: 1767225600,
    });
  });

  it('keys blocks by output_index although item ids differ between added and done', () => {
    const reasoning = events.filter((e) => e.type.startsWith('reasoning'));
    const text = reasoning
      .filter((e) => e.type === 'reasoning-delta')
      .map((e) => (e as { delta: string }).delta)
      .join('');
    expect(text).toBe("**Checking weather**\n\nI'll call the tool.");
    // The encrypted content comes from the done item, not the added one.
    expect(reasoning.at(-1)).toMatchObject({ encryptedContent: 'gAAAAABpFinalOpaqueReasoningState==' });
    const start = events.find((e) => e.type === 'tool-call-start');
    expect(start).toMatchObject({ callId: 'call_Tz8bQ1kLm2', name: 'get_weather', kind: 'function' });
    const ids = new Set(
      events.filter((e) => 'id' in e && e.type !== 'start').map((e) => (e as { id: string }).id),
    );
    expect(ids.size).toBe(3);
  });

  it('maps usage, cached and reasoning tokens and copilot_usage; derives tool-calls', () => {
    const finish = events.at(-1)!;
    expect(finish).toMatchObject({
      type: 'finish',
      reason: 'tool-calls',
      usage: { inputTokens: 1320, outputTokens: 96, cachedInputTokens: 1152, reasoningTokens: 64 },
    });
    expect((finish as { usage: { copilotUsage: unknown } }).usage.copilotUsage).toMatchObject({
      total_nano_aiu: 0,
    });
  });
});

describe('ResponsesStreamDecoder edge cases', () => {
  const created = frame({ type: 'response.created', response: { id: 'r', model: 'm', created_at: 5 } });

  it('turns a cut stream into an upstream error, closing the open block', () => {
    const events = decodeAll([
      created,
      frame({ type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: 'a' } }),
      frame({ type: 'response.content_part.added', output_index: 0, content_index: 0 }),
      frame({ type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'Hel' }),
    ]);
    expect(events.map((e) => e.type)).toEqual(['start', 'text-start', 'text-delta', 'text-end', 'error']);
    const err = (events.at(-1) as { error: { kind: string; message: string } }).error;
    expect(err.kind).toBe('upstream');
    expect(err.message).toMatch(/ended before completion/);
  });

  it('maps response.incomplete and response.failed', () => {
    const incomplete = decodeAll([
      created,
      frame({
        type: 'response.incomplete',
        response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
      }),
    ]);
    expect(incomplete.at(-1)).toMatchObject({ type: 'finish', reason: 'length' });
    const failed = decodeAll([
      created,
      frame({
        type: 'response.failed',
        response: {
          status: 'failed',
          error: { code: 'rate_limit_exceeded', message: 'Please try again in 12s.' },
        },
      }),
    ]);
    expect(failed.map((e) => e.type)).toEqual(['start', 'error']);
    const err = (failed[1] as { error: { kind: string; retryAfter?: number } }).error;
    expect(err).toMatchObject({ kind: 'rate_limit', retryAfter: 12 });
  });

  it('maps a mid-stream error frame (flat or nested) and ignores what follows', () => {
    const dec = new ResponsesStreamDecoder(createTestCodecContext());
    dec.push(created);
    const out = dec.push(
      frame({
        type: 'error',
        sequence_number: 2,
        error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'No quota' },
      }),
    );
    expect(out).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'quota', message: 'No quota' }) },
    ]);
    expect(dec.push(frame({ type: 'response.failed', response: { status: 'failed' } }))).toEqual([]);
    expect(dec.end()).toEqual([]);
    const flat = decodeAll([
      created,
      frame({ type: 'error', code: 'context_length_exceeded', message: 'too long' }),
    ]);
    expect((flat[1] as { error: { kind: string } }).error.kind).toBe('context_length');
  });

  it('fills text, arguments and summaries that arrive only in done events', () => {
    const events = decodeAll([
      created,
      frame({
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'reasoning', summary: [] },
      }),
      frame({
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'reasoning', summary: [{ type: 'summary_text', text: 'S' }], encrypted_content: 'E' },
      }),
      frame({
        type: 'response.output_item.added',
        output_index: 1,
        item: { type: 'custom_tool_call', call_id: 'c', name: 'apply_patch', input: '' },
      }),
      frame({
        type: 'response.output_item.done',
        output_index: 1,
        item: { type: 'custom_tool_call', id: 'other', call_id: 'c', name: 'apply_patch', input: 'PATCH' },
      }),
      frame({ type: 'response.output_text.done', output_index: 2, content_index: 0, text: 'T' }),
      frame({ type: 'response.output_item.done', output_index: 2, item: { type: 'message', content: [] } }),
      frame({ type: 'response.completed', response: { status: 'completed' } }),
    ]);
    expect(events.map((e) => [e.type, (e as { delta?: string }).delta])).toEqual([
      ['start', undefined],
      ['reasoning-start', undefined],
      ['reasoning-delta', 'S'],
      ['reasoning-end', undefined],
      ['tool-call-start', undefined],
      ['tool-call-delta', 'PATCH'],
      ['tool-call-end', undefined],
      ['text-start', undefined],
      ['text-delta', 'T'],
      ['text-end', undefined],
      ['finish', undefined],
    ]);
    expect(events[3]).toMatchObject({ encryptedContent: 'E' });
    expect(events[4]).toMatchObject({ kind: 'custom' });
    expect(events.at(-1)).toMatchObject({ reason: 'tool-calls' });
  });

  it('ignores unparseable frames and warns about hosted-tool items', () => {
    const ctx = createTestCodecContext();
    const dec = new ResponsesStreamDecoder(ctx);
    expect(dec.push({ data: 'not json' })).toEqual([]);
    dec.push(created);
    dec.push(
      frame({ type: 'response.output_item.done', output_index: 0, item: { type: 'web_search_call' } }),
    );
    expect(ctx.warnings).toHaveLength(1);
  });
});
