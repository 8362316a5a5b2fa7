import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import { decodeAnthropicResponse } from './decode-response.js';

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/copilot-message-response.json', import.meta.url), 'utf8'),
);

describe('decodeAnthropicResponse', () => {
  it('decodes a Copilot /v1/messages body with thinking, text, tool_use and copilot_usage', () => {
    const ctx = createTestCodecContext();
    const res = decodeAnthropicResponse(fixture, ctx);
    expect(res).toEqual({
      id: 'msg_bdrk_01K7xYv3fVq2sWcT9nEoPzAb',
      model: 'claude-sonnet-4-5-20250929',
      created: ctx.now,
      parts: [
        {
          type: 'reasoning',
          text: 'Weather lookup needed for Tokyo.',
          signature: 'ErUBCkYIBRgCIkBsig-response-01',
        },
        { type: 'text', text: 'Let me check the weather in Tokyo.' },
        {
          type: 'tool-call',
          callId: 'toolu_bdrk_01XyZ',
          name: 'get_weather',
          arguments: '{"city":"Tokyo"}',
          kind: 'function',
        },
      ],
      finishReason: 'tool-calls',
      usage: {
        inputTokens: 156 + 1024,
        outputTokens: 64,
        cachedInputTokens: 1024,
        cacheWriteTokens: 0,
        copilotUsage: fixture.copilot_usage,
      },
      meta: { anthropic: { context_management: { applied_edits: [] } } },
    });
    expect(ctx.warnings).toEqual([]);
  });

  it('reads stop sequences, redacted thinking and skips server-tool blocks with a warning', () => {
    const ctx = createTestCodecContext();
    const res = decodeAnthropicResponse(
      {
        id: 'msg_1',
        model: 'm',
        content: [
          { type: 'redacted_thinking', data: 'xyz' },
          { type: 'server_tool_use', id: 's', name: 'web_search', input: {} },
          { type: 'text', text: 'done' },
        ],
        stop_reason: 'stop_sequence',
        stop_sequence: 'END',
        usage: { input_tokens: 3, output_tokens: 2 },
      },
      ctx,
    );
    expect(res.parts).toEqual([
      { type: 'reasoning', text: '', redactedData: 'xyz' },
      { type: 'text', text: 'done' },
    ]);
    expect(res.finishReason).toBe('stop-sequence');
    expect(res.stopSequence).toBe('END');
    expect(res.usage).toEqual({ inputTokens: 3, outputTokens: 2 });
    expect(ctx.warnings).toHaveLength(1);
  });

  it('rejects a body that is not a message as an upstream error', () => {
    expect(() => decodeAnthropicResponse({ choices: [] }, createTestCodecContext())).toThrow(GatewayError);
  });
});
