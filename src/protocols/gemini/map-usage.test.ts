import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromGeminiUsage, toGeminiUsage, withEstimatedThoughts } from './map-usage.js';

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

describe('estimated thoughts', () => {
  it('estimates thoughts from reasoning text when the upstream does not count them', () => {
    expect(withEstimatedThoughts({ inputTokens: 5, outputTokens: 40 }, 80)).toEqual({
      inputTokens: 5,
      outputTokens: 40,
      reasoningTokens: 20,
    });
    expect(withEstimatedThoughts({ inputTokens: 5, outputTokens: 10 }, 400).reasoningTokens).toBe(10);
  });

  it('keeps counted thoughts and adds none without reasoning text', () => {
    const counted = { inputTokens: 1, outputTokens: 9, reasoningTokens: 3 };
    expect(withEstimatedThoughts(counted, 400)).toBe(counted);
    expect(withEstimatedThoughts({ inputTokens: 1, outputTokens: 9 }, 0)).toEqual({
      inputTokens: 1,
      outputTokens: 9,
    });
  });
});
