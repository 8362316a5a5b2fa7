import { describe, expect, it } from 'vitest';
import { chatUsageToIR, irUsageToChat } from './map-usage.js';

describe('usage mapping', () => {
  it('maps Chat usage with details and copilot_usage', () => {
    expect(
      chatUsageToIR(
        {
          prompt_tokens: 100,
          completion_tokens: 40,
          total_tokens: 140,
          prompt_tokens_details: { cached_tokens: 64 },
          completion_tokens_details: { reasoning_tokens: 12, accepted_prediction_tokens: 0 },
        },
        { total_nano_aiu: 1 },
      ),
    ).toEqual({
      inputTokens: 100,
      outputTokens: 40,
      cachedInputTokens: 64,
      reasoningTokens: 12,
      copilotUsage: { total_nano_aiu: 1 },
    });
    expect(chatUsageToIR(undefined)).toBeUndefined();
    expect(chatUsageToIR({ prompt_tokens: 'x' })).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it('writes totals and details only when known', () => {
    expect(irUsageToChat({ inputTokens: 3, outputTokens: 4 })).toEqual({
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
    });
    expect(
      irUsageToChat({
        inputTokens: 3,
        outputTokens: 4,
        cachedInputTokens: 1,
        cacheWriteTokens: 2,
        reasoningTokens: 2,
      }),
    ).toEqual({
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
      prompt_tokens_details: { cached_tokens: 1, cache_creation_tokens: 2 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
  });
});
