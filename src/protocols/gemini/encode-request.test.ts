import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest } from '../ir/types.js';
import { encodeGeminiRequest } from './encode-request.js';

const base: IRRequest = {
  model: 'gpt-5',
  system: [],
  messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }],
  tools: [],
  stream: false,
};

describe('encodeGeminiRequest', () => {
  it('puts the target model in the body and encodes history, tools and config', () => {
    const ctx = createTestCodecContext();
    const body = encodeGeminiRequest(
      {
        ...base,
        system: [{ type: 'text', text: 'Be brief.' }],
        messages: [
          {
            role: 'user',
            parts: [{ type: 'image', source: { kind: 'url', url: 'data:image/png;base64,AAAA' } }],
          },
          {
            role: 'assistant',
            parts: [{ type: 'tool-call', callId: 'c1', name: 'ls', arguments: '{}', kind: 'function' }],
          },
          {
            role: 'user',
            parts: [{ type: 'tool-result', callId: 'c1', content: [{ type: 'text', text: 'a.txt' }] }],
          },
        ],
        tools: [
          { kind: 'custom', name: 'apply_patch', format: { type: 'grammar' } },
          { kind: 'builtin', type: 'web_search', raw: { type: 'web_search' }, origin: 'openai-responses' },
        ],
        maxOutputTokens: 100000,
        stop: ['1', '2', '3', '4', '5', '6'],
        reasoning: { effort: 'xhigh' },
        metadata: { a: 'b' },
      },
      { id: 'gemini-2.5-pro', maxOutputTokens: 65536 },
      ctx,
    );
    expect(body.model).toBe('gemini-2.5-pro');
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }] },
      { role: 'model', parts: [{ functionCall: { id: 'c1', name: 'ls', args: {} } }] },
      // The name is recovered from the call: Gemini rejects nameless responses.
      {
        role: 'user',
        parts: [{ functionResponse: { id: 'c1', name: 'ls', response: { output: 'a.txt' } } }],
      },
    ]);
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'apply_patch',
            parametersJsonSchema: {
              type: 'object',
              properties: { input: { type: 'string' } },
              required: ['input'],
            },
          },
        ],
      },
    ]);
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 65536,
      stopSequences: ['1', '2', '3', '4', '5'],
      thinkingConfig: { thinkingLevel: 'HIGH' },
    });
    const codes = ctx.warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['unsupported-tool', 'clamped', 'unsupported-setting']));
    expect(ctx.warnings).toHaveLength(4);
  });
});
