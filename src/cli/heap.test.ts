import { describe, expect, it } from 'vitest';
import { heapGrowthFlag } from './heap.js';

describe('heapGrowthFlag', () => {
  it('turns the setting into the V8 flag', () => {
    expect(heapGrowthFlag(50, [])).toBe('--heap-growing-percent=50');
    expect(heapGrowthFlag(50, ['--max-semi-space-size=2'])).toBe('--heap-growing-percent=50');
  });

  it("leaves V8's own choice at 0, and a flag given to node wins", () => {
    expect(heapGrowthFlag(0, [])).toBeUndefined();
    expect(heapGrowthFlag(50, ['--heap-growing-percent=200'])).toBeUndefined();
    expect(heapGrowthFlag(50, ['--heap_growing_percent=10'])).toBeUndefined();
  });
});
