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
  it('recognises the API key check', () => {
    expect(
      isWarmup({
        max_tokens: 1,
        temperature: 1,
        metadata: {},
        messages: [{ role: 'user', content: 'test' }],
      }),
    ).toBe(true);
  });
  it('keeps model checks (".") and unseen words on the asked model', () => {
    for (const word of ['.', 'ping', 'warmup', 'hi'])
      expect(isWarmup({ max_tokens: 1, messages: [{ role: 'user', content: word }] })).toBe(false);
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
