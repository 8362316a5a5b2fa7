import { describe, expect, it } from 'vitest';
import { extend } from './extend.js';

describe('extend', () => {
  it('copies the base, then the extra keys, which win', () => {
    const base = { a: 1, b: 'x', c: undefined as string | undefined };
    const out = extend(base, { b: 'y', d: true });
    expect(out).toEqual({ a: 1, b: 'y', c: undefined, d: true });
    expect(Object.keys(out)).toEqual(['a', 'b', 'c', 'd']);
    expect(out).not.toBe(base);
    expect(base).toEqual({ a: 1, b: 'x', c: undefined });
  });

  it('reads getters once and stores their values, as a spread does', () => {
    let reads = 0;
    const base = {
      get n() {
        reads++;
        return 7;
      },
    };
    const out = extend(base, { m: 1 });
    expect(reads).toBe(1);
    expect(Object.getOwnPropertyDescriptor(out, 'n')).toMatchObject({ value: 7, writable: true });
  });

  it('keeps an own "__proto__" key (from JSON.parse) as a property, never as the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const out = extend(parsed, { b: 2 }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.polluted).toBeUndefined();
    expect(Object.keys(out)).toEqual(['__proto__', 'a', 'b']);
    const fromExtra = extend({ a: 1 }, parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(fromExtra)).toBe(Object.prototype);
    expect(JSON.stringify(fromExtra)).toBe('{"a":1,"__proto__":{"polluted":true}}');
  });

  it('leaves non-enumerable properties out, as a spread does', () => {
    const base = Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false });
    const out = extend(base, { b: 3 });
    expect(Object.keys(out)).toEqual(['a', 'b']);
    expect('hidden' in out).toBe(false);
  });
});
