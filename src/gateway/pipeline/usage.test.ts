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

describe('Copilot’s cost in a non-stream body', () => {
  it('reads total_nano_aiu of the last copilot_usage block, whatever its token details', () => {
    const block = {
      total_nano_aiu: 1_234_500,
      token_details: [{ token_type: 'input', token_count: 7, batch_size: 1_000_000, cost_per_batch: 9 }],
    };
    const body = {
      choices: [{ message: { content: '"copilot_usage": {"total_nano_aiu": 5}' } }],
      usage: {},
      copilot_usage: block,
    };
    expect(usageOfBody('openai-chat', raw(body))?.copilotUsage).toEqual({ total_nano_aiu: 1_234_500 });
    const spaced = Buffer.from(
      '{"usage":{},"copilot_usage" : { "token_details": [], "total_nano_aiu" : 42 }}',
    );
    expect(usageOfBody('openai-chat', spaced)?.copilotUsage).toEqual({ total_nano_aiu: 42 });
  });

  it('gives a block without a readable total as empty, and no block as none', () => {
    expect(
      usageOfBody('openai-chat', raw({ usage: {}, copilot_usage: { token_details: [] } }))?.copilotUsage,
    ).toEqual({});
    expect(
      usageOfBody('openai-chat', raw({ usage: {}, copilot_usage: { total_nano_aiu: 'x' } }))?.copilotUsage,
    ).toEqual({});
    expect(usageOfBody('openai-chat', raw({ usage: { prompt_tokens: 1 } }))?.copilotUsage).toBeUndefined();
  });
});
