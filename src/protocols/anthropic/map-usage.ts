// Usage conversion. Anthropic's `input_tokens` EXCLUDES cache reads and cache writes, while the
// IR (OpenAI convention) counts them inside `inputTokens`; output tokens include thinking on both.
import { finite as num } from '../ir/fields.js';
import type { IRUsage } from '../ir/types.js';
import type { AnthropicUsage } from './wire-types.js';

/** Anthropic usage (possibly partial, e.g. a message_delta) → IR usage fields that were present. */
export function usageFromAnthropic(u: Partial<AnthropicUsage> | Record<string, unknown>): Partial<IRUsage> {
  const raw = u as Record<string, unknown>;
  const input = num(raw.input_tokens);
  const cacheRead = num(raw.cache_read_input_tokens);
  const cacheWrite = num(raw.cache_creation_input_tokens);
  const out: Partial<IRUsage> = {};
  if (input !== undefined || cacheRead !== undefined || cacheWrite !== undefined) {
    out.inputTokens = (input ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  }
  if (cacheRead !== undefined) out.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) out.cacheWriteTokens = cacheWrite;
  const output = num(raw.output_tokens);
  if (output !== undefined) out.outputTokens = output;
  const details = raw.output_tokens_details as Record<string, unknown> | undefined;
  const thinking = num(details?.thinking_tokens);
  if (thinking !== undefined) out.reasoningTokens = thinking;
  return out;
}

/** Completes a partial IR usage (missing counts are 0). */
export function completeUsage(u: Partial<IRUsage>): IRUsage {
  const out: IRUsage = { inputTokens: u.inputTokens ?? 0, outputTokens: u.outputTokens ?? 0 };
  if (u.cachedInputTokens !== undefined) out.cachedInputTokens = u.cachedInputTokens;
  if (u.cacheWriteTokens !== undefined) out.cacheWriteTokens = u.cacheWriteTokens;
  if (u.reasoningTokens !== undefined) out.reasoningTokens = u.reasoningTokens;
  if (u.copilotUsage !== undefined) out.copilotUsage = u.copilotUsage;
  return out;
}

/**
 * IR usage → the four counters the Anthropic SDK expects (all present: message_delta.usage is
 * required and the SDK overwrites its totals with it).
 */
export function usageToAnthropic(u: Partial<IRUsage> | undefined): {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
} {
  const cacheRead = u?.cachedInputTokens ?? 0;
  const cacheWrite = u?.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (u?.inputTokens ?? 0) - cacheRead - cacheWrite),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: u?.outputTokens ?? 0,
  };
}
