import { describe, expect, it } from 'vitest';
import { Allowance, MAX_WANT, POOL_MIN_CONCURRENT, POOL_MIN_RPM, poolable } from './allowance.js';

function pool(hasRpm: boolean, hasSlots: boolean, maxIdle = 4) {
  const returned: string[] = [];
  const released: string[] = [];
  const a = new Allowance(hasRpm, hasSlots, maxIdle, 1000, 500, {
    returnToken: (id) => returned.push(id),
    releaseSlot: (id) => released.push(id),
  });
  return { a, returned, released };
}

describe('poolable', () => {
  it('pools large rpm and concurrency limits, not small ones, budgets or tpm', () => {
    expect(poolable({ rpm: POOL_MIN_RPM })).toBe(true);
    expect(poolable({ concurrent: POOL_MIN_CONCURRENT })).toBe(true);
    expect(poolable({ rpm: 100_000, concurrent: 1000 })).toBe(true);
    expect(poolable({ rpm: POOL_MIN_RPM - 1 })).toBe(false);
    expect(poolable({ rpm: 100_000, concurrent: POOL_MIN_CONCURRENT - 1 })).toBe(false);
    expect(poolable({ rpm: 100_000, tpm: 1_000_000 })).toBe(false);
    expect(poolable({ rpm: 100_000, dailyCredits: 10 })).toBe(false);
    expect(poolable({ rpm: 100_000, monthlyCredits: 10 })).toBe(false);
    expect(poolable({})).toBe(false);
  });
});

describe('Allowance', () => {
  it('admits from a grant until it is used up, then asks Redis (take: undefined)', () => {
    const { a } = pool(true, false);
    expect(a.take(0)).toBeUndefined();
    a.add('L', 4, 0, 0);
    expect([a.take(1), a.take(2), a.take(3)]).toEqual(['', '', '']);
    expect(a.take(4)).toBeUndefined();
  });

  it('gives unused tokens back when their life ends, and asks for less next time', () => {
    const { a, returned } = pool(true, false);
    a.add('L', 5, 0, 0);
    const asked = a.want;
    expect(a.take(10)).toBe('');
    expect(a.take(1000)).toBeUndefined();
    expect(returned).toEqual(['L.3', 'L.4', 'L.5']);
    expect(a.want).toBe(asked / 2);
  });

  it('asks for twice as much after each grant, up to MAX_WANT', () => {
    const { a } = pool(true, false);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      seen.push(a.want);
      a.add(`L${i}`, 1, 0, 0);
    }
    expect(seen.slice(0, 5)).toEqual([4, 8, 16, 32, MAX_WANT]);
    expect(a.want).toBe(MAX_WANT);
  });

  it('needs both a token and a slot when the key has both limits', () => {
    const { a } = pool(true, true);
    a.add('L', 3, 1, 0);
    // Tokens but no idle slot (the grant's one slot is the asking request's).
    expect(a.take(1)).toBeUndefined();
    a.giveBack('L.1', 2);
    expect(a.take(3)).toBe('L.1');
    expect(a.take(4)).toBeUndefined();
  });

  it('keeps at most maxIdle finished slots, the newest first, and frees idle ones after idleMs', () => {
    const { a, released } = pool(false, true, 2);
    a.add('L', 0, 4, 0);
    // The grant's slots 2-4: two kept, the third over maxIdle released at once.
    expect(released).toEqual(['L.4']);
    a.giveBack('L.1', 100);
    expect(released).toEqual(['L.4', 'L.1']);
    expect(a.take(200)).toBe('L.3');
    a.giveBack('L.3', 300);
    expect(a.sweep(600)).toBe(true);
    expect(released).toEqual(['L.4', 'L.1', 'L.2']);
    expect(a.sweep(800)).toBe(false);
    expect(released).toEqual(['L.4', 'L.1', 'L.2', 'L.3']);
    expect(a.held).toEqual({ tokens: 0, slots: 0 });
  });

  it('reset gives everything back (closing) or drops the tokens (Redis came back)', () => {
    const closing = pool(true, true);
    closing.a.add('L', 3, 3, 0);
    closing.a.reset(true);
    expect(closing.returned).toEqual(['L.2', 'L.3']);
    expect(closing.released).toEqual(['L.2', 'L.3']);
    const back = pool(true, true);
    back.a.add('L', 3, 3, 0);
    back.a.reset(false);
    expect(back.returned).toEqual([]);
    expect(back.released).toEqual(['L.2', 'L.3']);
    expect(back.a.take(1)).toBeUndefined();
  });
});
