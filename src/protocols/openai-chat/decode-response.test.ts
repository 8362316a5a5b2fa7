import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import { decodeChatResponse } from './decode-response.js';
import { jsonFixture, thrown } from './test-support.js';

describe('decodeChatResponse', () => {
  it('merges Copilot split choices into one answer (fixture)', () => {
    const body = jsonFixture('copilot-response-split-choices.json');
    const res = decodeChatResponse(body, createTestCodecContext(1767225000));
    expect(res.id).toBe('msg_bdrk_01Hq9');
    expect(res.model).toBe('claude-sonnet-4.5');
    expect(res.created).toBe(1767225000); // real bodies lack `created`
    expect(res.parts).toEqual([
      { type: 'reasoning', text: 'User wants weather; call the tool.', signature: 'EqQBCkgIBhABGAIiQL3xsig' },
      { type: 'text', text: 'Let me check the weather.' },
      {
        type: 'tool-call',
        callId: 'toolu_bdrk_01AbC',
        name: 'get_weather',
        arguments: '{"city":"Tokyo"}',
        kind: 'function',
      },
    ]);
    expect(res.finishReason).toBe('tool-calls');
    expect(res.usage).toEqual({
      inputTokens: 1180,
      outputTokens: 64,
      cachedInputTokens: 1024,
      copilotUsage: body.copilot_usage,
    });
  });

  it('decodes an Anthropic-shaped body without choices (fixture)', () => {
    const res = decodeChatResponse(
      jsonFixture('copilot-response-anthropic-shaped.json'),
      createTestCodecContext(),
    );
    expect(res.parts).toEqual([
      { type: 'reasoning', text: 'Simple arithmetic.', signature: 'EqQBsig2' },
      { type: 'text', text: '2 + 2 = 4.' },
      {
        type: 'tool-call',
        callId: 'toolu_bdrk_02',
        name: 'calculator',
        arguments: '{"expr":"2+2"}',
        kind: 'function',
      },
    ]);
    expect(res.finishReason).toBe('tool-calls');
    expect(res.usage).toEqual({
      inputTokens: 1900,
      outputTokens: 95,
      cachedInputTokens: 1800,
      cacheWriteTokens: 60,
    });
  });

  it('answers an unusable body with a clear upstream error', () => {
    const ctx = createTestCodecContext();
    expect(thrown(() => decodeChatResponse({ id: 'x' }, ctx)).message).toMatch(/without choices/);
    expect(thrown(() => decodeChatResponse('oops', ctx)).kind).toBe('upstream');
    const quota = thrown(() =>
      decodeChatResponse({ error: { message: 'You have no quota', code: 'quota_exceeded' } }, ctx),
    );
    expect(quota.kind).toBe('quota');
  });

  it('reports the limit and drops a truncated tool call', () => {
    const res = decodeChatResponse(
      {
        id: 'chatcmpl-1',
        choices: [
          {
            index: 0,
            finish_reason: 'length',
            message: {
              role: 'assistant',
              content: 'Writing',
              tool_calls: [
                { id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
                { id: 'b', type: 'function', function: { name: 'f', arguments: '{"x":' } },
              ],
            },
          },
        ],
      },
      createTestCodecContext(),
    );
    expect(res.finishReason).toBe('length');
    expect(
      res.parts.filter((p) => p.type === 'tool-call').map((p) => (p.type === 'tool-call' ? p.callId : '')),
    ).toEqual(['a']);
  });

  it('derives stop when the reported tool_calls has no calls, and keeps refusals and filters', () => {
    const ctx = createTestCodecContext();
    const res = decodeChatResponse(
      {
        id: 'c',
        choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: 'hi' } }],
      },
      ctx,
    );
    expect(res.finishReason).toBe('stop');
    const filtered = decodeChatResponse(
      { choices: [{ index: 0, finish_reason: 'content_filter', message: { content: null, refusal: 'no' } }] },
      ctx,
    );
    expect(filtered.finishReason).toBe('content-filter');
    expect(filtered.parts).toEqual([
      { type: 'text', text: 'no', meta: { 'openai-chat': { refusal: true } } },
    ]);
    expect(filtered.id).toBe('chatcmpl-test1');
  });

  it('keeps Gemini thought signatures on tool calls and reads reasoning_content', () => {
    const res = decodeChatResponse(
      {
        id: 'g',
        choices: [
          {
            index: 0,
            finish_reason: 'tool_calls',
            message: {
              reasoning_content: 'hmm',
              tool_calls: [
                {
                  id: 't',
                  type: 'function',
                  function: { name: 'f', arguments: '', thought_signature: 'ts' },
                },
              ],
            },
          },
        ],
      },
      createTestCodecContext(),
    );
    expect(res.parts).toEqual([
      { type: 'reasoning', text: 'hmm' },
      {
        type: 'tool-call',
        callId: 't',
        name: 'f',
        arguments: '{}',
        kind: 'function',
        meta: { 'openai-chat': { thoughtSignature: 'ts' } },
      },
    ]);
  });
});
