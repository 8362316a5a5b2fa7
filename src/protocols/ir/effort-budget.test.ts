import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  budgetFits,
  budgetToEffort,
  clampBudget,
  effortToBudget,
  isEffort,
  nearestEffort,
} from './effort-budget.js';

describe('effort-budget', () => {
  it('maps efforts to the policy budgets', () => {
    expect(effortToBudget('none')).toBe(0);
    expect(effortToBudget('minimal')).toBe(1024);
    expect(effortToBudget('low')).toBe(4096);
    expect(effortToBudget('medium')).toBe(8192);
    expect(effortToBudget('high')).toBe(24576);
    expect(effortToBudget('xhigh')).toBe(32768);
    expect(effortToBudget('max')).toBe(32768);
  });

  it('clamps to the model range and below the output limit', () => {
    expect(effortToBudget('xhigh', { min: 1024, max: 32000 })).toBe(32000);
    expect(effortToBudget('minimal', { min: 2048 })).toBe(2048);
    expect(effortToBudget('high', { maxOutputTokens: 10000 })).toBe(9999);
    expect(clampBudget(5000, { min: 1024, max: 32000, maxOutputTokens: 800 })).toBe(799);
    expect(budgetFits(799, { min: 1024 })).toBe(false);
    expect(budgetFits(1024, { min: 1024 })).toBe(true);
  });

  it('reverses by the same thresholds', () => {
    expect(budgetToEffort(0)).toBe('none');
    expect(budgetToEffort(500)).toBe('minimal');
    expect(budgetToEffort(4096)).toBe('low');
    expect(budgetToEffort(4097)).toBe('medium');
    expect(budgetToEffort(20000)).toBe('high');
    expect(budgetToEffort(100000)).toBe('xhigh');
  });

  it('round-trips every effort but max', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('none', 'minimal', 'low', 'medium', 'high', 'xhigh') as fc.Arbitrary<never>,
        (e) => {
          expect(budgetToEffort(effortToBudget(e))).toBe(e);
        },
      ),
    );
  });

  it('picks the nearest supported effort, stronger on ties', () => {
    expect(nearestEffort('medium', ['low', 'medium', 'high'])).toBe('medium');
    expect(nearestEffort('xhigh', ['low', 'medium', 'high'])).toBe('high');
    expect(nearestEffort('minimal', ['low', 'medium', 'high'])).toBe('low');
    expect(nearestEffort('medium', ['low', 'high'])).toBe('high');
    expect(nearestEffort('medium', [])).toBeUndefined();
    expect(nearestEffort('medium', ['weird'])).toBeUndefined();
  });

  it('recognises effort strings', () => {
    expect(isEffort('high')).toBe(true);
    expect(isEffort('extreme')).toBe(false);
    expect(isEffort(3)).toBe(false);
  });
});
