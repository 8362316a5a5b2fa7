import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest } from '../ir/types.js';
import { geminiEgress, geminiIngress, geminiStreamMode } from './index.js';

describe('gemini codec index', () => {
  it('chooses the stream framing from ir.meta.gemini.streamMode', () => {
    const req = { model: 'm', meta: { gemini: { streamMode: 'json-array' } } } as unknown as IRRequest;
    expect(geminiStreamMode(req)).toBe('json-array');
    expect(geminiStreamMode({ model: 'm' } as IRRequest)).toBe('sse');
    const enc = geminiIngress.createStreamEncoder(req, createTestCodecContext());
    expect(enc.push({ type: 'text-delta', id: 't', delta: 'x' }).startsWith('[')).toBe(true);
  });

  it('wires both halves', () => {
    const ir = geminiIngress.decodeRequest(
      { contents: [{ parts: [{ text: 'hi' }] }] },
      createTestCodecContext(),
    );
    expect(ir.model).toBe('');
    expect(geminiEgress.encodeRequest(ir, { id: 'x' }, createTestCodecContext())).toMatchObject({
      model: 'x',
    });
    expect(
      geminiIngress.encodeError(
        geminiEgress.decodeError(
          429,
          { error: { code: 429, message: 'm', status: 'RESOURCE_EXHAUSTED' } },
          {},
        ),
      ).status,
    ).toBe(429);
  });
});
