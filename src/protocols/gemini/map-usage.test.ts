import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromGeminiUsage, toGeminiUsage } from './map-usage.js';

describe('usage mapping', () => {
  it('excludes thoughts from candidatesTokenCount', () => {
    expect(
      toGeminiUsage({ inputTokens: 120, outputTokens: 315, reasoningTokens: 300, cachedInputTokens: 64 }),
    ).toEqual({
      promptTokenCount: 120,
      candidatesTokenCount: 15,
      thoughtsTokenCount: 300,
      cachedContentTokenCount: 64,
      totalTokenCount: 435,
    });
  });

  it('adds thoughts back when decoding', () => {
    expect(
      fromGeminiUsage({
        promptTokenCount: 9,
        candidatesTokenCount: 13,
        thoughtsTokenCount: 302,
        totalTokenCount: 324,
      }),
    ).toEqual({ inputTokens: 9, outputTokens: 315, reasoningTokens: 302 });
    expect(fromGeminiUsage({})).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it('round-trips consistent usage', () => {
    fc.assert(
      fc.property(
        fc.nat(1e6),
        fc.nat(1e6),
        fc.option(fc.nat(1e6), { nil: undefined }),
        fc.option(fc.nat(1e6), { nil: undefined }),
        (input, visible, reasoning, cached) => {
          const usage = {
            inputTokens: input + (cached ?? 0),
            outputTokens: visible + (reasoning ?? 0),
            ...(reasoning !== undefined ? { reasoningTokens: reasoning } : {}),
            ...(cached !== undefined ? { cachedInputTokens: cached } : {}),
          };
          expect(fromGeminiUsage(toGeminiUsage(usage))).toEqual(usage);
        },
      ),
    );
  });
});
