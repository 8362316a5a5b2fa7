import { describe, expect, it } from 'vitest';
import { usageOfBody } from './usage.js';

const raw = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('usageOfBody', () => {
  it('reads chat usage and Copilot’s cost without parsing the body', () => {
    const body = {
      choices: [{ message: { content: 'he said "usage": {"prompt_tokens": 999}' } }],
      usage: { prompt_tokens: 12, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 4 } },
      copilot_usage: { total_nano_aiu: 77 },
    };
    expect(usageOfBody('openai-chat', raw(body))).toEqual({
      inputTokens: 12,
      outputTokens: 5,
      cachedInputTokens: 4,
      copilotUsage: { total_nano_aiu: 77 },
    });
  });

  it('counts Anthropic cache reads into the input, and reads Responses usage', () => {
    const messages = {
      content: [],
      usage: { input_tokens: 3, cache_read_input_tokens: 10, output_tokens: 2 },
    };
    expect(usageOfBody('anthropic', raw(messages))).toMatchObject({ inputTokens: 13, cachedInputTokens: 10 });
    const responses = {
      output: [],
      usage: { input_tokens: 8, output_tokens: 4, output_tokens_details: { reasoning_tokens: 1 } },
    };
    expect(usageOfBody('openai-responses', raw(responses))).toMatchObject({
      inputTokens: 8,
      reasoningTokens: 1,
    });
  });

  it('gives nothing for a body without usage, or a damaged one', () => {
    expect(usageOfBody('openai-chat', raw({ choices: [] }))).toBeUndefined();
    expect(usageOfBody('anthropic', Buffer.from('{"usage": {"input_tokens": 1'))).toBeUndefined();
    expect(usageOfBody('openai-chat', Buffer.from('{"usage" 5}'))).toBeUndefined();
  });
});
