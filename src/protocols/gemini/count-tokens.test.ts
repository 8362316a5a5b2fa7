import { describe, expect, it } from 'vitest';
import { decodeCountTokensRequest } from './count-tokens.js';

describe('decodeCountTokensRequest', () => {
  it('accepts the SDK form and the generateContentRequest form', () => {
    const a = decodeCountTokensRequest({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] });
    const b = decodeCountTokensRequest({
      generateContentRequest: {
        model: 'models/gemini-2.5-pro',
        contents: [{ role: 'user', parts: [{ text: 'hello' }] }],
        systemInstruction: { parts: [{ text: 's' }] },
      },
    });
    expect(a.messages).toEqual([{ role: 'user', parts: [{ type: 'text', text: 'hello' }] }]);
    expect(b.messages).toEqual(a.messages);
    expect(b.system).toEqual([{ type: 'text', text: 's' }]);
    expect(b.model).toBe('gemini-2.5-pro');
  });

  it('tolerates histories cut mid-turn and empty contents', () => {
    const ir = decodeCountTokensRequest({
      contents: [
        { role: 'user', parts: [{ functionResponse: { name: 'orphan', response: { output: 'x' } } }] },
        { role: 'model', parts: [{ functionCall: { name: 'pending', args: {} } }] },
      ],
    });
    expect(ir.messages).toHaveLength(2);
    expect(decodeCountTokensRequest({ contents: [] }).messages).toEqual([]);
  });

  it('still rejects malformed bodies', () => {
    expect(() => decodeCountTokensRequest([])).toThrow(/JSON object/);
    expect(() => decodeCountTokensRequest({ contents: 'x' })).toThrow(/contents/);
  });
});
