import { describe, expect, it } from 'vitest';
import { clampOutputTokens, needsOutputClamp } from './clamp-output-tokens.js';

const claude = { maxOutputTokens: 32000, maxNonStreamingOutputTokens: 16000 };

describe('clampOutputTokens', () => {
  it('clamps Anthropic max_tokens to max_output_tokens on a stream, keeping thinking below it', () => {
    const body = { max_tokens: 64000, stream: true, thinking: { type: 'enabled', budget_tokens: 63999 } };
    expect(needsOutputClamp('/v1/messages', body, claude, true)).toBe(true);
    const changes = clampOutputTokens('/v1/messages', body, claude, true, 'claude-sonnet-4.5');
    expect(body).toEqual({
      max_tokens: 32000,
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 31999 },
    });
    expect(changes).toEqual([
      { kind: 'clamp', detail: "max_tokens 64000 → 32000 (claude-sonnet-4.5's max_output_tokens)" },
      { kind: 'clamp', detail: 'thinking.budget_tokens 63999 → 31999 (below max_tokens)' },
    ]);
  });

  it('uses max_non_streaming_output_tokens when the call does not stream', () => {
    const body = { max_tokens: 20000 };
    expect(needsOutputClamp('/v1/messages', body, claude, false)).toBe(true);
    expect(needsOutputClamp('/v1/messages', body, claude, true)).toBe(false);
    clampOutputTokens('/v1/messages', body, claude, false, 'm');
    expect(body.max_tokens).toBe(16000);
  });

  it('keeps a thinking budget that already fits', () => {
    const body = { max_tokens: 64000, thinking: { type: 'enabled', budget_tokens: 10000 } };
    expect(clampOutputTokens('/v1/messages', body, claude, true, 'm')).toHaveLength(1);
    expect(body.thinking.budget_tokens).toBe(10000);
  });

  it('disables thinking when the clamped limit leaves no room for the minimum budget', () => {
    const body: Record<string, unknown> = {
      max_tokens: 5000,
      thinking: { type: 'enabled', budget_tokens: 4000 },
    };
    const changes = clampOutputTokens('/v1/messages', body, { maxOutputTokens: 1000 }, true, 'm');
    expect(body).toEqual({ max_tokens: 1000 });
    expect(changes.at(-1)?.detail).toContain('thinking disabled');
  });

  it('clamps every Chat field and the chat thinking_budget', () => {
    const body = { max_completion_tokens: 200000, thinking_budget: 150000 };
    clampOutputTokens('/chat/completions', body, { maxOutputTokens: 64000 }, true, 'm');
    expect(body).toEqual({ max_completion_tokens: 64000, thinking_budget: 63999 });
    const legacy = { max_tokens: 200000 };
    clampOutputTokens('/chat/completions', legacy, { maxOutputTokens: 64000 }, true, 'm');
    expect(legacy.max_tokens).toBe(64000);
  });

  it('clamps Responses max_output_tokens', () => {
    const body = { max_output_tokens: 500000 };
    clampOutputTokens('/responses', body, { maxOutputTokens: 128000 }, true, 'gpt-5.5');
    expect(body.max_output_tokens).toBe(128000);
  });

  it('leaves requests within the limit, and models without limits, alone', () => {
    const body = { max_tokens: 1000 };
    expect(needsOutputClamp('/v1/messages', body, claude, false)).toBe(false);
    expect(clampOutputTokens('/v1/messages', body, claude, false, 'm')).toEqual([]);
    expect(clampOutputTokens('/v1/messages', { max_tokens: 1e9 }, {}, true, 'm')).toEqual([]);
  });
});
