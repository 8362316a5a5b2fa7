// The token-count cache: the same counts as counting afresh, texts of a resent transcript
// tokenised once, bounded, keyed by tokenizer.
import { describe, expect, it } from 'vitest';
import { textCounter } from '../protocols/anthropic/count-tokens.js';
import { claudeCodeHistory } from './__fixtures__/histories.js';
import { manageContext } from './manage.js';
import { MIN_CACHED_CHARS, TokenCountCache } from './token-cache.js';
import type { ContextLimits, ContextSettings } from './types.js';

type Json = Record<string, unknown>;
const claude: ContextLimits = {
  model: 'claude-sonnet-4.5',
  maxPromptTokens: 168000,
  maxContextWindowTokens: 200000,
  tokenizer: 'o200k_base',
};
const trim: ContextSettings = { mode: 'trim', marginRatio: 0.05 };

describe('TokenCountCache', () => {
  it('counts a long text once and answers the repeat from the cache', () => {
    const cache = new TokenCountCache();
    const real = textCounter('o200k_base');
    let calls = 0;
    const counting = (s: string) => {
      calls++;
      return real(s);
    };
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(40);
    const first = cache.count('o200k_base', text, counting);
    const second = cache.count('o200k_base', `${text}`, counting);
    expect(first).toBe(real(text));
    expect(second).toBe(first);
    expect(calls).toBe(1);
    expect(cache.hits).toBe(1);
    // Another tokenizer is another entry.
    expect(cache.count('cl100k_base', text, textCounter('cl100k_base'))).toBe(
      textCounter('cl100k_base')(text),
    );
    expect(cache.size).toBe(2);
  });

  it('counts short texts directly and never keeps them', () => {
    const cache = new TokenCountCache();
    let calls = 0;
    const short = 'x'.repeat(MIN_CACHED_CHARS - 1);
    for (let i = 0; i < 3; i++) cache.count('o200k_base', short, () => ++calls);
    expect(calls).toBe(3);
    expect(cache.size).toBe(0);
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new TokenCountCache(2);
    const texts = ['a', 'b', 'c'].map((c) => c.repeat(MIN_CACHED_CHARS));
    let calls = 0;
    const count = (s: string) => {
      calls++;
      return s.length;
    };
    cache.count('o200k_base', texts[0], count);
    cache.count('o200k_base', texts[1], count);
    cache.count('o200k_base', texts[0], count); // a is now the most recent
    cache.count('o200k_base', texts[2], count); // evicts b
    expect(cache.size).toBe(2);
    calls = 0;
    cache.count('o200k_base', texts[0], count);
    cache.count('o200k_base', texts[1], count);
    expect(calls).toBe(1);
  });
});

describe('context management with the cache', () => {
  it('gives the same counts and the same trim, and tokenises a resent transcript only once', async () => {
    const body = claudeCodeHistory(60, 12_000) as Json;
    const args = {
      protocol: 'anthropic' as const,
      bodyBytes: Buffer.byteLength(JSON.stringify(body)),
      requestedOutput: body.max_tokens as number,
      limits: claude,
      settings: trim,
    };
    const plain = await manageContext({ ...args, body: structuredClone(body) });
    const cache = new TokenCountCache();
    const first = await manageContext({ ...args, body: structuredClone(body), tokenCounts: cache });
    const missesAfterFirst = cache.misses;
    expect(missesAfterFirst).toBeGreaterThan(10);
    const second = await manageContext({ ...args, body: structuredClone(body), tokenCounts: cache });
    for (const r of [first, second]) {
      expect(r.tokensBefore).toBe(plain.tokensBefore);
      expect(r.tokensAfter).toBe(plain.tokensAfter);
      expect(r.messagesDropped).toBe(plain.messagesDropped);
      expect(r.body).toEqual(plain.body);
    }
    expect(plain.changed).toBe(true);
    expect(cache.misses).toBe(missesAfterFirst);
    expect(cache.hits).toBeGreaterThanOrEqual(missesAfterFirst);
  });
});
