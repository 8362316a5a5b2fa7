import { describe, expect, it } from 'vitest';
import { shapeEgress } from './shape-egress.js';

const model = {
  id: 'claude-sonnet-4.5',
  limits: { maxOutputTokens: 32000, maxNonStreamingOutputTokens: 16000 },
};

describe('shapeEgress', () => {
  it('returns the very same bytes when nothing needs changing', () => {
    const parsed = { model: 'claude-sonnet-4.5', max_tokens: 1000, stream: true, messages: [] };
    const raw = Buffer.from(JSON.stringify(parsed));
    const out = shapeEgress({ endpoint: '/v1/messages', payload: raw, parsed, model, stream: true });
    expect(out.payload).toBe(raw);
    expect(out.changes).toEqual([]);
  });

  it('re-serialises a raw payload that needed the shield and the clamp', () => {
    const parsed = { model: 'x', max_tokens: 64000, context_management: { edits: [] }, messages: [] };
    const raw = JSON.stringify({ ...parsed, model: 'claude-sonnet-4.5' });
    const out = shapeEgress({ endpoint: '/v1/messages', payload: raw, parsed, model, stream: true });
    expect(JSON.parse(String(out.payload))).toEqual({
      model: 'claude-sonnet-4.5',
      max_tokens: 32000,
      messages: [],
    });
    expect(out.changes.map((c) => c.kind)).toEqual(['drift', 'clamp']);
  });

  it('keeps the bytes when the scan hit but no rule applied', () => {
    const parsed = { max_tokens: 10, messages: [{ role: 'user', content: '"strict"' }] };
    const raw = JSON.stringify(parsed);
    const out = shapeEgress({ endpoint: '/v1/messages', payload: raw, parsed, model, stream: true });
    expect(out.payload).toBe(raw);
  });

  it('shapes an encoded object in place, and applies the shield only to Anthropic bodies', () => {
    const body = { max_output_tokens: 64000, context_management: [{ type: 'compaction' }] };
    const out = shapeEgress({ endpoint: '/responses', payload: body, model, stream: false });
    expect(out.payload).toBe(body);
    expect(body).toEqual({ max_output_tokens: 16000, context_management: [{ type: 'compaction' }] });
  });
});
