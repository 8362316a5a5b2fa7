import { describe, expect, it } from 'vitest';
import type { IRRequest } from '../../protocols/ir/types.js';
import { applyEffortToBody, applyEffortToIR, effortFor } from './requested-effort.js';

describe('requested effort', () => {
  it("goes in each native protocol's own field", () => {
    const a: Record<string, unknown> = { output_config: { format: { type: 'json_schema' } } };
    expect(applyEffortToBody('anthropic', a, 'high')).toBe(true);
    expect(a.output_config).toEqual({ format: { type: 'json_schema' }, effort: 'high' });
    const c: Record<string, unknown> = {};
    expect(applyEffortToBody('openai-chat', c, 'xhigh')).toBe(true);
    expect(c.reasoning_effort).toBe('xhigh');
    const r: Record<string, unknown> = { reasoning: { summary: 'auto' } };
    expect(applyEffortToBody('openai-responses', r, 'high')).toBe(true);
    expect(r.reasoning).toEqual({ summary: 'auto', effort: 'high' });
    expect(applyEffortToBody('gemini', {}, 'high')).toBe(false);
  });

  it("leaves the client's own effort alone", () => {
    const bodies: Array<[Parameters<typeof applyEffortToBody>[0], Record<string, unknown>]> = [
      ['anthropic', { output_config: { effort: 'low' } }],
      ['openai-chat', { reasoning_effort: 'low' }],
      ['openai-chat', { reasoning: { effort: 'low' } }],
      ['openai-responses', { reasoning: { effort: 'low' } }],
    ];
    for (const [protocol, body] of bodies) {
      const before = JSON.stringify(body);
      expect(applyEffortToBody(protocol, body, 'high')).toBe(false);
      expect(JSON.stringify(body)).toBe(before);
    }
    const ir = { reasoning: { effort: 'low' } } as unknown as IRRequest;
    expect(applyEffortToIR(ir, 'high')).toBe(false);
    expect(ir.reasoning?.effort).toBe('low');
    const bare = {} as IRRequest;
    expect(applyEffortToIR(bare, 'xhigh')).toBe(true);
    expect(bare.reasoning?.effort).toBe('xhigh');
  });

  it("follows the served model's efforts: xhigh falls back to high", () => {
    expect(effortFor('xhigh', ['low', 'medium', 'high', 'xhigh'])).toBe('xhigh');
    expect(effortFor('xhigh', ['low', 'medium', 'high'])).toBe('high');
    expect(effortFor('high', ['low'])).toBeUndefined();
    expect(effortFor('xhigh', undefined)).toBe('xhigh');
  });
});
