import { describe, expect, it } from 'vitest';
import { usageFromResponses, usageToResponses } from './map-usage.js';

describe('usage mapping', () => {
  it('reads Responses usage with details and copilot_usage', () => {
    expect(
      usageFromResponses(
        {
          input_tokens: 10,
          input_tokens_details: { cached_tokens: 4 },
          output_tokens: 7,
          output_tokens_details: { reasoning_tokens: 3 },
          total_tokens: 17,
        },
        { total_nano_aiu: 5 },
      ),
    ).toEqual({
      inputTokens: 10,
      outputTokens: 7,
      cachedInputTokens: 4,
      reasoningTokens: 3,
      copilotUsage: { total_nano_aiu: 5 },
    });
    expect(usageFromResponses(null)).toBeUndefined();
    expect(usageFromResponses(undefined, { total_nano_aiu: 1 })).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      copilotUsage: { total_nano_aiu: 1 },
    });
  });

  it('writes integer usage Codex can parse, total recomputed', () => {
    expect(usageToResponses({ inputTokens: 10.4, outputTokens: 5, reasoningTokens: 2 })).toEqual({
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 2 },
      total_tokens: 15,
    });
    expect(usageToResponses(undefined).total_tokens).toBe(0);
  });
});
