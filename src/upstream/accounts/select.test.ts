import { describe, expect, it } from 'vitest';
import { type MemberView, selectAccount, soonestReturn } from './select.js';

const m = (id: string, extra: Partial<MemberView> = {}): MemberView => ({
  id,
  priority: 0,
  enabled: true,
  cooldownUntil: 0,
  served: 0,
  models: undefined,
  ...extra,
});
const now = 1000;

describe('selectAccount', () => {
  const base = { now, cursor: { n: 0 } };

  it('fills first by priority order and skips unusable accounts', () => {
    const list = [
      m('a', { enabled: false }),
      m('b', { cooldownUntil: 2000 }),
      m('c', { models: new Set(['x']) }),
      m('d'),
    ];
    expect(selectAccount(list, { ...base, strategy: 'fill-first' })?.id).toBe('c');
    expect(selectAccount(list, { ...base, strategy: 'fill-first', model: 'y' })?.id).toBe('d');
    expect(
      selectAccount(list, { ...base, strategy: 'fill-first', model: 'y', exclude: new Set(['d']) }),
    ).toBeUndefined();
    expect(selectAccount(list, { ...base, now: 2000, strategy: 'fill-first' })?.id).toBe('b');
  });

  it('rotates round-robin and picks the least used', () => {
    const list = [m('a', { served: 5 }), m('b', { served: 1 }), m('c', { served: 3 })];
    const cursor = { n: 0 };
    const ids = [1, 2, 3, 4].map(() => selectAccount(list, { now, cursor, strategy: 'round-robin' })?.id);
    expect(ids).toEqual(['a', 'b', 'c', 'a']);
    expect(selectAccount(list, { ...base, strategy: 'least-used' })?.id).toBe('b');
  });

  it('keeps a conversation on its account while usable', () => {
    const list = [m('a'), m('b')];
    expect(selectAccount(list, { ...base, strategy: 'fill-first', prefer: 'b' })?.id).toBe('b');
    expect(
      selectAccount(list, { ...base, strategy: 'fill-first', prefer: 'b', exclude: new Set(['b']) })?.id,
    ).toBe('a');
  });

  it('names the soonest return among accounts that have the model', () => {
    const list = [
      m('a', { cooldownUntil: 9000 }),
      m('b', { cooldownUntil: 5000 }),
      m('c', { cooldownUntil: 3000, models: new Set(['x']) }),
    ];
    expect(soonestReturn(list, 'y', now)).toBe(5000);
    expect(soonestReturn(list, undefined, now)).toBe(3000);
  });
});
