import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRResponse } from '../ir/types.js';
import { encodeChatResponse } from './encode-response.js';

const req: IRRequest = { model: 'my-alias', system: [], messages: [], tools: [], stream: false };

const res = (extra: Partial<IRResponse>): IRResponse => ({
  id: 'msg_1',
  model: 'claude-sonnet-4.5',
  created: 1767225600,
  parts: [],
  finishReason: 'stop',
  ...extra,
});

describe('encodeChatResponse', () => {
  it('writes a standard chat.completion with reasoning, signature, tool calls and usage', () => {
    const out = encodeChatResponse(
      res({
        parts: [
          { type: 'reasoning', text: 'plan', signature: 'sig' },
          { type: 'text', text: 'Checking.' },
          {
            type: 'tool-call',
            callId: 'call_1',
            name: 'get_weather',
            arguments: '{"city":"Paris"}',
            kind: 'function',
          },
        ],
        finishReason: 'stop',
        usage: {
          inputTokens: 120,
          outputTokens: 30,
          cachedInputTokens: 64,
          reasoningTokens: 12,
          copilotUsage: { total_nano_aiu: 5 },
        },
      }),
      req,
      createTestCodecContext(),
    );
    expect(out).toEqual({
      id: 'chatcmpl-msg_1',
      object: 'chat.completion',
      created: 1767225600,
      model: 'my-alias',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls', // derived from the complete call, not the upstream word
          message: {
            role: 'assistant',
            content: 'Checking.',
            reasoning_content: 'plan',
            reasoning_opaque: 'sig',
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 120,
        completion_tokens: 30,
        total_tokens: 150,
        prompt_tokens_details: { cached_tokens: 64 },
        completion_tokens_details: { reasoning_tokens: 12 },
      },
      copilot_usage: { total_nano_aiu: 5 },
    });
  });

  it('uses content null beside tool calls and maps limit and filter reasons', () => {
    const calls = encodeChatResponse(
      res({
        id: 'chatcmpl-keep',
        parts: [{ type: 'tool-call', callId: 'c', name: 'apply_patch', arguments: 'diff', kind: 'custom' }],
        finishReason: 'tool-calls',
      }),
      req,
      createTestCodecContext(),
    );
    expect(calls.id).toBe('chatcmpl-keep');
    expect(calls.choices[0].message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c', type: 'custom', custom: { name: 'apply_patch', input: 'diff' } }],
    });
    const ctx = createTestCodecContext();
    expect(
      encodeChatResponse(res({ finishReason: 'context-length' }), req, ctx).choices[0].finish_reason,
    ).toBe('length');
    expect(encodeChatResponse(res({ finishReason: 'refusal' }), req, ctx).choices[0].finish_reason).toBe(
      'content_filter',
    );
    expect(
      encodeChatResponse(res({ finishReason: 'stop-sequence' }), req, ctx).choices[0].finish_reason,
    ).toBe('stop');
    const refusal = encodeChatResponse(
      res({ parts: [{ type: 'text', text: 'no', meta: { 'openai-chat': { refusal: true } } }] }),
      req,
      ctx,
    );
    expect(refusal.choices[0].message).toEqual({ role: 'assistant', content: null, refusal: 'no' });
    expect(encodeChatResponse(res({}), req, ctx).choices[0].message.content).toBe('');
  });
});
