import { describe, expect, it } from 'vitest';
import type { SSEMessage } from '../ir/codec.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { ChatStreamDecoder } from './stream-decoder.js';
import { fixture } from './test-support.js';

function decodeAll(messages: SSEMessage[], withEnd = true) {
  const ctx = createTestCodecContext(1767225600);
  const decoder = new ChatStreamDecoder(ctx);
  const events: IRStreamEvent[] = [];
  for (const m of messages) events.push(...decoder.push(m));
  if (withEnd) events.push(...decoder.end());
  return { events, ctx };
}

const frame = (value: unknown): SSEMessage => ({ data: JSON.stringify(value) });
const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  frame({ id: 'chatcmpl-1', model: 'm', created: 1, choices: [{ index: 0, delta, ...extra }] });

describe('ChatStreamDecoder', () => {
  it('decodes a recorded Claude stream with reasoning, signature, text and two tool calls (fixture)', () => {
    const { events } = decodeAll(parseSSEText(fixture('copilot-stream-claude-tools.sse')));
    expect(events).toEqual([
      { type: 'start', id: 'chatcmpl-cl1', model: 'claude-sonnet-4.5', created: 1767225000 },
      { type: 'reasoning-start', id: 'rs_test1' },
      { type: 'reasoning-delta', id: 'rs_test1', delta: 'User wants weather; ' },
      { type: 'reasoning-delta', id: 'rs_test1', delta: 'call the tool.' },
      { type: 'reasoning-signature', id: 'rs_test1', signature: 'EqQBCkgIBhABGAIiQL3xsig' },
      { type: 'reasoning-end', id: 'rs_test1', signature: 'EqQBCkgIBhABGAIiQL3xsig' },
      { type: 'text-start', id: 'txt_test2' },
      { type: 'text-delta', id: 'txt_test2', delta: 'Let me check.' },
      { type: 'text-end', id: 'txt_test2' },
      {
        type: 'tool-call-start',
        id: 'tc_test3',
        callId: 'toolu_bdrk_01AbC',
        name: 'get_weather',
        kind: 'function',
      },
      { type: 'tool-call-delta', id: 'tc_test3', delta: '{"city":' },
      { type: 'tool-call-delta', id: 'tc_test3', delta: '"Tokyo"}' },
      { type: 'tool-call-end', id: 'tc_test3' },
      {
        type: 'tool-call-start',
        id: 'tc_test4',
        callId: 'toolu_bdrk_01XyZ',
        name: 'get_time',
        kind: 'function',
      },
      { type: 'tool-call-delta', id: 'tc_test4', delta: '{"tz":"Asia/Tokyo"}' },
      { type: 'tool-call-end', id: 'tc_test4' },
      { type: 'usage', usage: { inputTokens: 1180, outputTokens: 64, cachedInputTokens: 1024 } },
      {
        type: 'usage',
        usage: {
          inputTokens: 1180,
          outputTokens: 64,
          cachedInputTokens: 1024,
          copilotUsage: expect.any(Object),
        },
      },
      {
        type: 'finish',
        reason: 'tool-calls',
        usage: {
          inputTokens: 1180,
          outputTokens: 64,
          cachedInputTokens: 1024,
          copilotUsage: expect.any(Object),
        },
      },
    ]);
  });

  it('decodes a GPT stream with filter-only first chunk and a separate usage chunk (fixture)', () => {
    const { events } = decodeAll(parseSSEText(fixture('copilot-stream-gpt-text.sse')));
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'usage',
      'finish',
    ]);
    expect(events[0]).toEqual({
      type: 'start',
      id: 'chatcmpl-Cx9',
      model: 'gpt-4.1-2025-04-14',
      created: 1767225600,
    });
    expect(events.at(-1)).toEqual({
      type: 'finish',
      reason: 'stop',
      usage: { inputTokens: 9, outputTokens: 3, cachedInputTokens: 0, reasoningTokens: 0 },
    });
  });

  it('opens an empty reasoning block for a lone signature and closes it before text', () => {
    const { events } = decodeAll([
      chunk({ reasoning_opaque: 'sig' }),
      chunk({ content: 'hi' }, { finish_reason: 'stop' }),
      { data: '[DONE]' },
    ]);
    expect(events.slice(1, 5)).toEqual([
      { type: 'reasoning-start', id: 'rs_test1' },
      { type: 'reasoning-signature', id: 'rs_test1', signature: 'sig' },
      { type: 'reasoning-end', id: 'rs_test1', signature: 'sig' },
      { type: 'text-start', id: 'txt_test2' },
    ]);
  });

  it('keys tool calls by choice and index so split choices do not collide', () => {
    const { events } = decodeAll([
      frame({
        id: 'x',
        choices: [
          { index: 0, delta: { content: 'Let me look.' } },
          {
            index: 1,
            delta: { tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{}' } }] },
          },
        ],
      }),
      frame({
        id: 'x',
        choices: [
          {
            index: 1,
            delta: { tool_calls: [{ index: 0, id: 'b', function: { name: 'g', arguments: '{}' } }] },
          },
        ],
      }),
      frame({ id: 'x', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }),
      { data: '[DONE]' },
    ]);
    const starts = events.filter((e) => e.type === 'tool-call-start');
    expect(starts.map((e) => (e.type === 'tool-call-start' ? e.callId : ''))).toEqual(['a', 'b']);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
  });

  it('continues index-less fragments on the open call and keeps thought signatures', () => {
    const { events } = decodeAll([
      chunk({
        tool_calls: [{ id: 'c1', function: { name: 'f', arguments: '{"a"', thought_signature: 'ts' } }],
      }),
      chunk({ tool_calls: [{ function: { arguments: ':1}' } }] }),
      chunk({}, { finish_reason: 'tool_calls' }),
    ]);
    expect(events).toEqual([
      { type: 'start', id: 'chatcmpl-1', model: 'm', created: 1 },
      {
        type: 'tool-call-start',
        id: 'tc_test1',
        callId: 'c1',
        name: 'f',
        kind: 'function',
        meta: { 'openai-chat': { thoughtSignature: 'ts' } },
      },
      { type: 'tool-call-delta', id: 'tc_test1', delta: '{"a"' },
      { type: 'tool-call-delta', id: 'tc_test1', delta: ':1}' },
      { type: 'tool-call-end', id: 'tc_test1' },
      // ended after a finish reason but without [DONE]: still a proper finish
      { type: 'finish', reason: 'tool-calls' },
    ]);
  });

  it('reports a length finish even with a tool call in flight', () => {
    const { events } = decodeAll([
      chunk({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{"a"' } }] }),
      chunk({}, { finish_reason: 'length' }),
      { data: '[DONE]' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'length' });
  });

  it('turns a mid-stream error frame into an error event and ignores what follows', () => {
    const { events } = decodeAll([
      chunk({ content: 'part' }),
      frame({ error: { message: 'rate limit exceeded', code: 'rate_limited' } }),
      chunk({ content: 'late' }),
      { data: '[DONE]' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['start', 'text-start', 'text-delta', 'text-end', 'error']);
    const err = events[4];
    expect(err.type === 'error' && err.error.kind).toBe('rate_limit');
    expect(err.type === 'error' && err.error.message).toBe('rate limit exceeded');
  });

  it('reports a cut stream as an upstream error instead of a fake finish', () => {
    const { events } = decodeAll([chunk({ content: 'half an ans' })]);
    expect(events.map((e) => e.type)).toEqual(['start', 'text-start', 'text-delta', 'text-end', 'error']);
    const err = events[4];
    expect(err.type === 'error' && err.error.kind).toBe('upstream');
    expect(err.type === 'error' && err.error.message).toBe('the Copilot stream ended before completion');
  });

  it('reports unreadable chunks as upstream errors', () => {
    const { events } = decodeAll([{ data: '{not json' }]);
    expect(events).toHaveLength(1);
    expect(events[0].type === 'error' && events[0].error.kind).toBe('upstream');
  });

  it('drops (with a warning) fragments for a call that was already closed', () => {
    const { events, ctx } = decodeAll([
      chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'b', function: { name: 'g', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] }),
      chunk({}, { finish_reason: 'tool_calls' }),
      { data: '[DONE]' },
    ]);
    expect(events.filter((e) => e.type === 'tool-call-delta')).toHaveLength(2);
    expect(ctx.warnings[0].code).toBe('dropped-content');
  });

  it('emits start and finish for a stream that is only [DONE] after a finish-less chunk list', () => {
    const { events } = decodeAll([{ data: '[DONE]' }]);
    expect(events).toEqual([
      { type: 'start', id: 'chatcmpl-test1', model: '', created: 1767225600 },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('merges usage and copilot_usage arriving in either order, and forgets a null copilot_usage', () => {
    const billing = { total_nano_aiu: 5 };
    const usageEvents = (frames: SSEMessage[]) =>
      decodeAll([chunk({ content: 'hi' }, { finish_reason: 'stop' }), ...frames]).events.filter(
        (e) => e.type === 'usage' || e.type === 'finish',
      );
    const usage = { prompt_tokens: 3, completion_tokens: 2 };
    // usage first, then copilot_usage alone: the counters stay, the billing block joins them.
    const [a1, a2, aFinish] = usageEvents([frame({ usage }), frame({ copilot_usage: billing })]);
    expect(a1).toEqual({ type: 'usage', usage: { inputTokens: 3, outputTokens: 2 } });
    expect(a2).toEqual({ type: 'usage', usage: { inputTokens: 3, outputTokens: 2, copilotUsage: billing } });
    expect(aFinish).toMatchObject({ usage: { inputTokens: 3, outputTokens: 2, copilotUsage: billing } });
    // copilot_usage first, then usage without it: the billing block is kept.
    const [b1, b2] = usageEvents([frame({ copilot_usage: billing }), frame({ usage })]);
    expect(b1).toEqual({ type: 'usage', usage: { inputTokens: 0, outputTokens: 0, copilotUsage: billing } });
    expect(b2).toEqual({ type: 'usage', usage: { inputTokens: 3, outputTokens: 2, copilotUsage: billing } });
    // A null copilot_usage after one was seen: the key is gone, not set to undefined.
    const [, c2, cFinish] = usageEvents([
      frame({ usage, copilot_usage: billing }),
      frame({ copilot_usage: null }),
    ]);
    for (const e of [c2, cFinish]) {
      const u = (e as { usage: Record<string, unknown> }).usage;
      expect(Object.keys(u)).toEqual(['inputTokens', 'outputTokens']);
    }
  });
});
