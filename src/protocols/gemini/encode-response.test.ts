import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRResponse } from '../ir/types.js';
import fixture from './__fixtures__/response-thinking-tool.json' with { type: 'json' };
import { decodeGeminiResponse } from './decode-response.js';
import { encodeGeminiResponse } from './encode-response.js';
import { decodeEnvelope } from './thought-signature.js';

const anthropicLike: IRResponse = {
  id: 'msg_01',
  model: 'claude-sonnet-4',
  created: 1767225600,
  parts: [
    { type: 'reasoning', text: 'User wants weather.', signature: 'EqQBCkgI' },
    { type: 'text', text: 'Checking.' },
    {
      type: 'tool-call',
      callId: 'toolu_01',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      kind: 'function',
    },
    { type: 'tool-call', callId: 'toolu_02', name: 'get_time', arguments: 'not json', kind: 'function' },
  ],
  finishReason: 'tool-calls',
  usage: { inputTokens: 1842, outputTokens: 95, cachedInputTokens: 1800, reasoningTokens: 40 },
};

describe('encodeGeminiResponse', () => {
  it('renders an Anthropic-sourced response for a Gemini client', () => {
    const ctx = createTestCodecContext();
    const req = { model: 'gemini-2.5-pro', reasoning: { includeThoughts: true } } as IRRequest;
    const out = encodeGeminiResponse(anthropicLike, req, ctx);
    expect(out).toEqual({
      candidates: [
        {
          index: 0,
          finishReason: 'STOP',
          content: {
            role: 'model',
            parts: [
              { text: 'User wants weather.', thought: true },
              { text: 'Checking.', thoughtSignature: expect.stringMatching(/^gw1:/) },
              { functionCall: { id: 'toolu_01', name: 'get_weather', args: { city: 'Paris' } } },
              { functionCall: { id: 'toolu_02', name: 'get_time', args: {} } },
            ],
          },
        },
      ],
      usageMetadata: {
        promptTokenCount: 1842,
        candidatesTokenCount: 55,
        thoughtsTokenCount: 40,
        cachedContentTokenCount: 1800,
        totalTokenCount: 1937,
      },
      modelVersion: 'gemini-2.5-pro',
      responseId: 'msg_01',
    });
    const sig = out.candidates?.[0]?.content?.parts[1].thoughtSignature as string;
    expect(decodeEnvelope(sig)).toEqual({ v: 1, signature: 'EqQBCkgI', text: 'User wants weather.' });
    expect(ctx.warnings).toHaveLength(1);
  });

  it('omits thoughts unless includeThoughts was asked, keeping the signature', () => {
    const out = encodeGeminiResponse(anthropicLike, { model: 'g' } as IRRequest, createTestCodecContext());
    const parts = out.candidates?.[0]?.content?.parts ?? [];
    expect(parts.some((p) => p.thought)).toBe(false);
    expect(parts[0]).toMatchObject({ text: 'Checking.', thoughtSignature: expect.stringMatching(/^gw1:/) });
  });

  it('maps limit and safety finishes', () => {
    const enc = (finishReason: IRResponse['finishReason']) =>
      encodeGeminiResponse(
        { ...anthropicLike, parts: [{ type: 'text', text: 'x' }], finishReason },
        { model: 'g' } as IRRequest,
        createTestCodecContext(),
      ).candidates?.[0]?.finishReason;
    expect(enc('length')).toBe('MAX_TOKENS');
    expect(enc('content-filter')).toBe('SAFETY');
  });
});

describe('decodeGeminiResponse', () => {
  it('decodes the recorded response fixture', () => {
    expect(decodeGeminiResponse(fixture, createTestCodecContext())).toEqual({
      id: 'r1',
      model: 'gemini-2.5-pro',
      created: 1767225600,
      parts: [
        { type: 'reasoning', text: 'Need the weather tool.' },
        {
          type: 'tool-call',
          callId: 'call_test1',
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
          kind: 'function',
          meta: { gemini: { thoughtSignature: 'CiQBreal' } },
        },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 120, outputTokens: 315, reasoningTokens: 300, cachedInputTokens: 0 },
    });
  });

  it('maps blocked prompts and rejects non-objects as upstream errors', () => {
    expect(
      decodeGeminiResponse({ promptFeedback: { blockReason: 'SAFETY' } }, createTestCodecContext())
        .finishReason,
    ).toBe('content-filter');
    expect(() => decodeGeminiResponse('nope', createTestCodecContext())).toThrow(/non-object/);
  });
});
