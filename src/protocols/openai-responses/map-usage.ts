// Responses usage ⇄ IR usage. Both count cached tokens inside input and reasoning inside output,
// so the mapping is direct; `total_tokens` is recomputed because some upstreams omit it.
import { wholeCount as int } from '../ir/fields.js';
import type { IRUsage } from '../ir/types.js';
import type { ResponsesUsage } from './wire-types.js';

export function usageFromResponses(usage: unknown, copilotUsage?: unknown): IRUsage | undefined {
  if (!usage || typeof usage !== 'object') {
    return copilotUsage === undefined ? undefined : { inputTokens: 0, outputTokens: 0, copilotUsage };
  }
  const u = usage as Record<string, unknown>;
  const inDetails = (u.input_tokens_details ?? {}) as Record<string, unknown>;
  const outDetails = (u.output_tokens_details ?? {}) as Record<string, unknown>;
  const ir: IRUsage = { inputTokens: int(u.input_tokens), outputTokens: int(u.output_tokens) };
  if (typeof inDetails.cached_tokens === 'number') ir.cachedInputTokens = int(inDetails.cached_tokens);
  if (typeof outDetails.reasoning_tokens === 'number') ir.reasoningTokens = int(outDetails.reasoning_tokens);
  if (copilotUsage !== undefined && copilotUsage !== null) ir.copilotUsage = copilotUsage;
  return ir;
}

/** Codex parses usage strictly: integers for input, output and total tokens, details present. */
export function usageToResponses(usage: Partial<IRUsage> | undefined): ResponsesUsage {
  const input = int(usage?.inputTokens);
  const output = int(usage?.outputTokens);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: int(usage?.cachedInputTokens) },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: int(usage?.reasoningTokens) },
    total_tokens: input + output,
  };
}
