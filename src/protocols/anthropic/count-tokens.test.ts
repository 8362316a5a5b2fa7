import { readFileSync } from 'node:fs';
import { countTokens as rawO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import {
  CLAUDE_CALIBRATION,
  countIRTokens,
  countTokens,
  PER_IMAGE_TOKENS,
  PER_MESSAGE_OVERHEAD,
  TOOL_SYSTEM_PROMPT_AUTO,
  TOOL_SYSTEM_PROMPT_FORCED,
} from './count-tokens.js';
import { decodeAnthropicRequest } from './decode-request.js';

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/claude-code-request.json', import.meta.url), 'utf8'),
);

describe('countTokens', () => {
  it('counts a plain message as calibrated text plus the per-message overhead', () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    const n = countTokens({ model: 'm', messages: [{ role: 'user', content: text }] });
    expect(n).toBe(Math.ceil(rawO200k(text) * CLAUDE_CALIBRATION) + PER_MESSAGE_OVERHEAD);
  });

  it('counts system, tool calls, results, thinking and tool definitions', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    const withSystem = countTokens({ ...base, system: 'You are a careful assistant who writes tests.' });
    expect(withSystem).toBeGreaterThan(countTokens(base));
    const tool = {
      name: 'get_weather',
      description: 'Get the weather',
      input_schema: { type: 'object', properties: { city: { type: 'string' } } },
    };
    const withTool = countTokens({ ...base, tools: [tool] });
    const toolText = ['get_weather', 'Get the weather', JSON.stringify(tool.input_schema)].join('\n');
    expect(withTool).toBe(
      Math.ceil((rawO200k('hi') + rawO200k(toolText)) * CLAUDE_CALIBRATION) +
        PER_MESSAGE_OVERHEAD +
        TOOL_SYSTEM_PROMPT_AUTO,
    );
    expect(countTokens({ ...base, tools: [tool], tool_choice: { type: 'any' } })).toBe(
      withTool - TOOL_SYSTEM_PROMPT_AUTO + TOOL_SYSTEM_PROMPT_FORCED,
    );
  });

  it('charges a fixed amount per image and accepts the decoded IR', () => {
    const req = decodeAnthropicRequest(fixture, createTestCodecContext());
    const n = countIRTokens(req, 'o200k_base');
    expect(countTokens(fixture)).toBe(n);
    const noImage = structuredClone(fixture);
    noImage.messages[0].content.pop();
    expect(n - countTokens(noImage)).toBe(PER_IMAGE_TOKENS);
  });

  it('supports cl100k_base and differs from o200k on non-English text', () => {
    const body = {
      model: 'm',
      messages: [{ role: 'user', content: 'Привет, как дела? 今日はいい天気ですね。' }],
    };
    expect(countTokens(body, 'cl100k_base')).not.toBe(countTokens(body, 'o200k_base'));
  });

  it('rejects malformed raw bodies with a 400', () => {
    expect(() => countTokens({ messages: 'x' })).toThrow(GatewayError);
  });
});
