// How many prompt tokens a request may carry, and the cheap test that decides whether counting
// is needed at all.
import type { ContextLimits } from './types.js';

/**
 * The prompt limit: Copilot's `max_prompt_tokens`, and, where the catalogue gives the context
 * window, never more than the window minus the requested output. (Copilot's max_prompt_tokens
 * already leaves room for the model's default output — 168K of Claude's 200K — so the requested
 * output is subtracted from the window, not from max_prompt_tokens: gpt-5-codex's 128K prompt
 * limit minus its 128K output limit would otherwise leave nothing.)
 */
export function promptLimit(limits: ContextLimits, requestedOutput?: number): number | undefined {
  let limit = limits.maxPromptTokens;
  const window = limits.maxContextWindowTokens;
  if (window !== undefined && requestedOutput !== undefined && requestedOutput > 0) {
    const room = window - requestedOutput;
    limit = limit === undefined ? room : Math.min(limit, room);
  }
  return limit === undefined ? undefined : Math.max(0, limit);
}

/** The target trimming aims at: the limit less a margin for the local count's error. */
export function trimTarget(limit: number, marginRatio: number): number {
  return Math.floor(limit * (1 - Math.min(Math.max(marginRatio, 0), 0.5)));
}

/**
 * A body cannot hold more prompt tokens than this many bytes each, in practice: BPE tokens of
 * English, code and JSON average 3–4 bytes, CJK ~3 bytes per character-token, base64 images
 * are far larger than their fixed cost. Bodies below `target × 2` bytes skip counting entirely,
 * which keeps the hot path free of tokenizer work (an estimate of 0.5 bytes per token would be
 * needed to slip a real overflow past this test; Copilot's own 400 is then mapped as usual).
 */
export const NEAR_LIMIT_BYTES_PER_TOKEN = 2;

export function needsCounting(bodyBytes: number, target: number): boolean {
  return bodyBytes / NEAR_LIMIT_BYTES_PER_TOKEN > target;
}
