import { describe, expect, it } from 'vitest';
import { dayStartMs } from '../usage/budgets.js';
import { NANO_PER_CREDIT } from '../usage/price-table.js';
import { AdmitPlans } from './admit-plan.js';

describe('admit plans', () => {
  const plans = new AdmitPlans('p:');
  const now = dayStartMs(20_000) + 1000;

  it('packs the limits, names the keys, and is computed once per limits object', () => {
    const key = { id: 'k1', name: 'team', limits: { rpm: 5, dailyCredits: 1.5 } };
    const plan = plans.get(key, now);
    expect(plan.spec).toBe(`-1 5 -1 ${1.5 * NANO_PER_CREDIT} -1`);
    expect(plan.conc).toBe('p:conc:k1');
    expect(plan.day).toBe('p:credits-day:k1:20000');
    expect(plan.leased).toBe(false);
    expect(plans.get(key, now)).toBe(plan);
    // Edited limits come as a new object: a new plan.
    const edited = { ...key, limits: { rpm: 5, concurrent: 2 } };
    const next = plans.get(edited, now);
    expect(next).not.toBe(plan);
    expect(next.spec).toBe('2 5 -1 -1 -1');
    expect(next.leased).toBe(true);
  });

  it('renames the credit counters when the day changes', () => {
    const key = { id: 'k2', name: 'team', limits: { dailyCredits: 1 } };
    expect(plans.get(key, now).day).toBe('p:credits-day:k2:20000');
    expect(plans.get(key, dayStartMs(20_001)).day).toBe('p:credits-day:k2:20001');
  });

  it('has one plan for requests without a key (the pacer alone)', () => {
    const none = plans.get(undefined, now);
    expect(none.spec).toBe('-1 -1 -1 -1 -1');
    const bare = { id: 'k3', name: 'team' } as unknown as Parameters<AdmitPlans['get']>[0];
    expect(plans.get(bare, now)).toBe(none);
  });
});
