import { describe, expect, it } from 'vitest';
import { controlOf, parseInput, patchAt } from './settings-form.js';

describe('settings form', () => {
  it('picks a control from the schema', () => {
    expect(controlOf({ type: 'boolean' })).toBe('boolean');
    expect(controlOf({ type: 'integer' })).toBe('integer');
    expect(controlOf({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string');
    expect(controlOf({ enum: ['a', 'b'] })).toBe('enum');
    expect(controlOf({ type: 'object' })).toBe('json');
    expect(controlOf({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBe('json');
  });

  it('validates numbers against the schema range, and JSON', () => {
    expect(parseInput('integer', '3', { minimum: 1 })).toBe(3);
    expect(parseInput('integer', '2.5', {})).toBeInstanceOf(Error);
    expect(parseInput('integer', '0', { minimum: 1 })).toBeInstanceOf(Error);
    expect(parseInput('number', 'abc', {})).toBeInstanceOf(Error);
    expect(parseInput('json', '{"a":1}', {})).toEqual({ a: 1 });
    expect(parseInput('json', '{', {})).toBeInstanceOf(Error);
    expect(parseInput('string', '  ', {})).toBeUndefined();
    expect(parseInput('boolean', 'false', {})).toBe(false);
  });

  it('builds a JSON merge patch; a cleared value removes the key', () => {
    let p = patchAt({}, ['retry', 'maxAttempts'], 2);
    p = patchAt(p, ['retry', 'baseDelayMs'], undefined);
    p = patchAt(p, ['smallModel'], 'gpt-5-mini');
    expect(p).toEqual({ retry: { maxAttempts: 2, baseDelayMs: null }, smallModel: 'gpt-5-mini' });
  });
});
