import { describe, expect, it } from 'vitest';
import { parseExpiry } from './duration.js';
import { displayPrefix, generateKey, keyHasher, looksLikeKey, sameHash } from './key-material.js';
import { compileModelGlobs } from './model-globs.js';

describe('key material', () => {
  it('generates distinct 256-bit keys and hashes them under the secret', () => {
    const a = generateKey();
    const b = generateKey();
    expect(a).not.toBe(b);
    expect(looksLikeKey(a)).toBe(true);
    expect(displayPrefix(a)).toHaveLength(10);
    const h1 = keyHasher(Buffer.alloc(32, 1));
    const h2 = keyHasher(Buffer.alloc(32, 2));
    expect(sameHash(h1(a), h1(a))).toBe(true);
    expect(sameHash(h1(a), h2(a))).toBe(false);
    expect(sameHash(h1(a), h1(b))).toBe(false);
  });
});

describe('model globs', () => {
  it('matches whole ids, case-insensitively, with * and ?', () => {
    const m = compileModelGlobs(['gpt-4.?', 'claude-*']);
    expect(m('gpt-4.1')).toBe(true);
    expect(m('gpt-4x1')).toBe(false);
    expect(m('gpt-4.10')).toBe(false);
    expect(m('Claude-Sonnet-4.5')).toBe(true);
    expect(m('o3')).toBe(false);
    expect(compileModelGlobs([])('anything')).toBe(true);
  });
});

describe('expiry', () => {
  it('reads durations and dates', () => {
    expect(parseExpiry('30d', 0)).toBe(30 * 86_400_000);
    expect(parseExpiry('12h', 5)).toBe(5 + 12 * 3_600_000);
    expect(parseExpiry('2999-01-31', 0)).toBe(Date.parse('2999-01-31'));
    expect(() => parseExpiry('soon', 0)).toThrow(/Invalid expiry/);
    expect(() => parseExpiry('0d', 0)).toThrow(/Invalid expiry/);
    expect(() => parseExpiry('2000-01-01', Date.now())).toThrow(/in the past/);
  });
});
