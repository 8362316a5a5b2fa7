import { describe, expect, it } from 'vitest';
import { reduceAnthropicBeta } from './anthropic-beta.js';

describe('reduceAnthropicBeta', () => {
  it('keeps only the betas Copilot accepts', () => {
    const r = reduceAnthropicBeta(
      'claude-code-20250219,interleaved-thinking-2025-05-14, effort-2025-11-24,context-management-2025-06-27',
    );
    expect(r.kept).toBe('interleaved-thinking-2025-05-14,context-management-2025-06-27');
    expect(r.dropped).toEqual(['claude-code-20250219', 'effort-2025-11-24']);
  });
  it('drops the header when nothing is left', () => {
    expect(reduceAnthropicBeta('claude-code-20250219').kept).toBeUndefined();
    expect(reduceAnthropicBeta(undefined)).toEqual({ dropped: [] });
  });
});
