// Usage between Chat and the IR. Both count cached tokens inside `prompt_tokens` and reasoning
// inside `completion_tokens`, so the mapping is direct. Copilot's `copilot_usage` billing block
// travels verbatim next to `usage`.
import { count } from '../ir/fields.js';
import type { IRUsage } from '../ir/types.js';
import type { ChatUsage } from './wire-types.js';

export function chatUsageToIR(usage: unknown, copilotUsage?: unknown): IRUsage | undefined {
  if ((!usage || typeof usage !== 'object') && copilotUsage === undefined) return undefined;
  const u = (usage && typeof usage === 'object' ? usage : {}) as Record<string, unknown>;
  const prompt = (u.prompt_tokens_details ?? {}) as Record<string, unknown>;
  const completion = (u.completion_tokens_details ?? {}) as Record<string, unknown>;
  const out: IRUsage = {
    inputTokens: count(u.prompt_tokens) ?? 0,
    outputTokens: count(u.completion_tokens) ?? 0,
  };
  const cached = count(prompt?.cached_tokens);
  if (cached !== undefined) out.cachedInputTokens = cached;
  const cacheWrite = count(prompt?.cache_creation_tokens);
  if (cacheWrite !== undefined) out.cacheWriteTokens = cacheWrite;
  const reasoning = count(completion?.reasoning_tokens);
  if (reasoning !== undefined) out.reasoningTokens = reasoning;
  if (copilotUsage !== undefined && copilotUsage !== null) out.copilotUsage = copilotUsage;
  return out;
}

export function irUsageToChat(usage: Partial<IRUsage>): ChatUsage {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const out: ChatUsage = { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
  if (usage.cachedInputTokens !== undefined || usage.cacheWriteTokens !== undefined) {
    out.prompt_tokens_details = {};
    if (usage.cachedInputTokens !== undefined)
      out.prompt_tokens_details.cached_tokens = usage.cachedInputTokens;
    if (usage.cacheWriteTokens !== undefined)
      out.prompt_tokens_details.cache_creation_tokens = usage.cacheWriteTokens;
  }
  if (usage.reasoningTokens !== undefined) {
    out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  }
  return out;
}
