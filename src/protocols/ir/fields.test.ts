import { describe, expect, it } from 'vitest';
import { count, finite, firstString, num, optStr, str, typeName, wholeCount } from './fields.js';

describe('field readers', () => {
  it('give the value when it has the wanted type, else their fallback', () => {
    expect([str('a'), str(1), str(undefined)]).toEqual(['a', '', '']);
    expect([optStr('a'), optStr(null)]).toEqual(['a', undefined]);
    expect(firstString(undefined, '', 3, 'x', 'y')).toBe('x');
    expect(firstString('', null)).toBeUndefined();
    expect([finite(2.5), finite(Number.NaN), finite(Infinity), finite('2')]).toEqual([
      2.5,
      undefined,
      undefined,
      undefined,
    ]);
    expect([num(-3), num(Number.NaN), num(null)]).toEqual([-3, 0, 0]);
    expect([count(0), count(7), count(-1), count('7')]).toEqual([0, 7, undefined, undefined]);
    expect([wholeCount(2.6), wholeCount(-4), wholeCount(undefined)]).toEqual([3, 0, 0]);
    expect([typeName(null), typeName([]), typeName({}), typeName('s'), typeName(1)]).toEqual([
      'null',
      'array',
      'object',
      'string',
      'number',
    ]);
  });
});
