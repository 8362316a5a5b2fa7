import { describe, expect, it } from 'vitest';
import { isWarmup } from './warmup.js';

describe('isWarmup', () => {
  it('recognises the quota probe', () => {
    expect(
      isWarmup({ model: 'claude-haiku-4-5', max_tokens: 1, messages: [{ role: 'user', content: 'quota' }] }),
    ).toBe(true);
    expect(
      isWarmup({ max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'text', text: 'quota' }] }] }),
    ).toBe(true);
  });
  it('never diverts a real request', () => {
    expect(isWarmup({ max_tokens: 32000, messages: [{ role: 'user', content: 'quota' }] })).toBe(false);
    expect(isWarmup({ max_tokens: 1, messages: [{ role: 'user', content: 'what is my quota?' }] })).toBe(
      false,
    );
    expect(
      isWarmup({ max_tokens: 1, tools: [{ name: 'x' }], messages: [{ role: 'user', content: 'quota' }] }),
    ).toBe(false);
    expect(
      isWarmup({
        max_tokens: 1,
        messages: [
          { role: 'user', content: 'quota' },
          { role: 'assistant', content: 'x' },
        ],
      }),
    ).toBe(false);
    expect(
      isWarmup({
        max_tokens: 1,
        thinking: { type: 'enabled' },
        messages: [{ role: 'user', content: 'quota' }],
      }),
    ).toBe(false);
  });
});
