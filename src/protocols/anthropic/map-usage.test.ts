import { describe, expect, it } from 'vitest';
import { completeUsage, usageFromAnthropic, usageToAnthropic } from './map-usage.js';

describe('usage mapping', () => {
  it('adds cache reads and writes into IR input tokens', () => {
    expect(
      usageFromAnthropic({
        input_tokens: 42,
        cache_read_input_tokens: 1800,
        cache_creation_input_tokens: 10,
        output_tokens: 95,
      }),
    ).toEqual({ inputTokens: 1852, cachedInputTokens: 1800, cacheWriteTokens: 10, outputTokens: 95 });
  });

  it('keeps partial updates partial (message_delta with output only)', () => {
    expect(usageFromAnthropic({ output_tokens: 7 })).toEqual({ outputTokens: 7 });
    expect(usageFromAnthropic({ output_tokens: 7, output_tokens_details: { thinking_tokens: 3 } })).toEqual({
      outputTokens: 7,
      reasoningTokens: 3,
    });
  });

  it('subtracts cache from input for Anthropic clients and never goes negative', () => {
    expect(
      usageToAnthropic({
        inputTokens: 1852,
        cachedInputTokens: 1800,
        cacheWriteTokens: 10,
        outputTokens: 95,
      }),
    ).toEqual({
      input_tokens: 42,
      cache_creation_input_tokens: 10,
      cache_read_input_tokens: 1800,
      output_tokens: 95,
    });
    expect(usageToAnthropic({ inputTokens: 5, cachedInputTokens: 9 }).input_tokens).toBe(0);
    expect(usageToAnthropic(undefined)).toEqual({
      input_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 0,
    });
  });

  it('completes missing counters with zero', () => {
    expect(completeUsage({ outputTokens: 3, copilotUsage: { total_nano_aiu: 1 } })).toEqual({
      inputTokens: 0,
      outputTokens: 3,
      copilotUsage: { total_nano_aiu: 1 },
    });
  });
});
