// The estimator: every prompt text counted with the tokenizer (short ones memoised per estimator,
// long ones through the cache), keys and ids skipped, images and documents at their fixed cost.
import { describe, expect, it } from 'vitest';
import {
  CLAUDE_CALIBRATION,
  PER_DOCUMENT_TOKENS,
  PER_IMAGE_TOKENS,
  PER_MESSAGE_OVERHEAD,
  textCounter,
} from '../protocols/anthropic/count-tokens.js';
import { createEstimator } from './estimate.js';
import { TokenCountCache } from './token-cache.js';

const count = textCounter('o200k_base');
const expected = (texts: string[], fixed = 0) =>
  Math.ceil(texts.reduce((n, s) => n + count(s), 0) * CLAUDE_CALIBRATION) + fixed + PER_MESSAGE_OVERHEAD;

describe('createEstimator', () => {
  const long = 'The build runs its tests while the quick brown fox waits. '.repeat(20);
  const message = {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Let me look.' },
      { type: 'tool_use', id: 'toolu_000001', name: 'Read', input: { command: 'cat a.ts' } },
      { type: 'text', text: 'Read' },
      { type: 'text', text: 'Let me look.' },
      { type: 'text', text: long, cache_control: { type: 'ephemeral' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
      { type: 'document', source: { type: 'text', data: 'ignored' } },
    ],
  };
  const texts = ['Let me look.', 'Read', '{"command":"cat a.ts"}', 'Read', 'Let me look.', long];

  it('counts the same with and without the cache, repeated short texts included, twice in a row', () => {
    const want = expected(texts, PER_IMAGE_TOKENS + PER_DOCUMENT_TOKENS);
    const cache = new TokenCountCache();
    const cached = createEstimator('o200k_base', cache);
    expect(createEstimator('o200k_base')(message)).toBe(want);
    expect(cached(message)).toBe(want);
    expect(cached(message)).toBe(want);
    expect(createEstimator('o200k_base', cache)(message)).toBe(want);
    expect(cache.hits).toBeGreaterThan(0);
  });

  it('keeps short texts apart: a memo hit is for the same text only', () => {
    const estimate = createEstimator('o200k_base');
    const a = estimate({ role: 'user', content: 'Hi' });
    const b = estimate({ role: 'user', content: 'Hello there, general' });
    expect(a).toBe(expected(['Hi']));
    expect(b).toBe(expected(['Hello there, general']));
  });
});
