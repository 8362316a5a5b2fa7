import { describe, expect, it } from 'vitest';
import { formatCredits } from './format.js';

describe('formatCredits', () => {
  it('shows a cheap request as a small number, not as free', () => {
    const zero = new Intl.NumberFormat().format(0);
    expect(formatCredits(0)).toBe(zero);
    expect(formatCredits(340_000)).not.toBe(zero); // 0.00034 credits
    expect(formatCredits(340_000)).toBe(
      new Intl.NumberFormat(undefined, { maximumSignificantDigits: 2 }).format(0.00034),
    );
    expect(formatCredits(2_500_000_000)).toBe(
      new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(2.5),
    );
    expect(formatCredits(undefined)).toBe('–');
  });
});
