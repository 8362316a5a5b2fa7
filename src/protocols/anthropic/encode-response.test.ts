import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRResponse } from '../ir/types.js';
import { encodeAnthropicResponse } from './encode-response.js';

const req: IRRequest = { model: 'claude-sonnet-4-5', system: [], messages: [], tools: [], stream: false };

function res(over: Partial<IRResponse>): IRResponse {
  return {
    id: 'chatcmpl-1',
    model: 'claude-sonnet-4.5',
    created: 1,
    parts: [],
    finishReason: 'stop',
    ...over,
  };
}

describe('encodeAnthropicResponse', () => {
  it('builds the message object with the requested model, msg_ id and exclusive input usage', () => {
    const ctx = createTestCodecContext();
    const out = encodeAnthropicResponse(
      res({
        parts: [
          { type: 'reasoning', text: 'plan', signature: 'sig' },
          { type: 'text', text: '' },
          { type: 'text', text: 'Checking.' },
          {
            type: 'tool-call',
            callId: 'call:1',
            name: 'get_weather',
            arguments: '{"city":"Paris"}',
            kind: 'function',
          },
        ],
        finishReason: 'tool-calls',
        usage: { inputTokens: 1880, outputTokens: 95, cachedInputTokens: 1800, cacheWriteTokens: 38 },
      }),
      req,
      ctx,
    );
    expect(out).toEqual({
      id: 'msg_test1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'plan', signature: 'sig' },
        { type: 'text', text: 'Checking.' },
        {
          type: 'tool_use',
          id: expect.stringMatching(/^[a-zA-Z0-9_-]+$/),
          name: 'get_weather',
          input: { city: 'Paris' },
        },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 42,
        cache_creation_input_tokens: 38,
        cache_read_input_tokens: 1800,
        output_tokens: 95,
      },
    });
  });

  it('keeps msg_ ids, reports stop sequences and derives tool_use from present calls', () => {
    const ctx = createTestCodecContext();
    const a = encodeAnthropicResponse(
      res({ id: 'msg_abc', finishReason: 'stop-sequence', stopSequence: 'END' }),
      req,
      ctx,
    );
    expect(a.id).toBe('msg_abc');
    expect(a.stop_reason).toBe('stop_sequence');
    expect(a.stop_sequence).toBe('END');
    const b = encodeAnthropicResponse(
      res({
        parts: [{ type: 'tool-call', callId: 'c', name: 'f', arguments: 'not json', kind: 'function' }],
      }),
      req,
      ctx,
    );
    expect(b.stop_reason).toBe('tool_use');
    expect(encodeAnthropicResponse(res({ finishReason: 'tool-calls' }), req, ctx).stop_reason).toBe(
      'end_turn',
    );
    expect(b.content[0]).toMatchObject({ input: { input: 'not json' } });
    expect(encodeAnthropicResponse(res({}), req, ctx).usage).toEqual({
      input_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 0,
    });
  });

  it('emits redacted thinking, carries encrypted_content in the signature, skips empty unsigned reasoning', () => {
    const out = encodeAnthropicResponse(
      res({
        parts: [
          { type: 'reasoning', text: '', redactedData: 'r' },
          { type: 'reasoning', text: '', encryptedContent: 'enc' },
          { type: 'reasoning', text: '' },
          { type: 'text', text: 'hi' },
        ],
      }),
      req,
      createTestCodecContext(),
    );
    expect(out.content).toEqual([
      { type: 'redacted_thinking', data: 'r' },
      { type: 'thinking', thinking: '', signature: 'gwenc1:enc' },
      { type: 'text', text: 'hi' },
    ]);
  });
});
