// Usage (client-protocols.md §5): Gemini's promptTokenCount includes cached tokens like the IR's
// inputTokens, but candidatesTokenCount EXCLUDES thoughts while the IR's outputTokens includes them.

import { extend } from '../../util/extend.js';
import { num } from '../ir/fields.js';
import type { IRUsage } from '../ir/types.js';
import type { GeminiUsageMetadata } from './wire-types.js';

export function toGeminiUsage(usage: Partial<IRUsage>): GeminiUsageMetadata {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const thoughts = usage.reasoningTokens ?? 0;
  const out: GeminiUsageMetadata = {
    promptTokenCount: input,
    candidatesTokenCount: Math.max(0, output - thoughts),
  };
  if (usage.reasoningTokens !== undefined) out.thoughtsTokenCount = usage.reasoningTokens;
  if (usage.cachedInputTokens !== undefined) out.cachedContentTokenCount = usage.cachedInputTokens;
  out.totalTokenCount = input + Math.max(output, thoughts);
  // Copilot's billing block, verbatim: @google/genai hands usageMetadata over as it came.
  if (usage.copilotUsage !== undefined) out.copilotUsage = usage.copilotUsage;
  return out;
}

/**
 * Anthropic (and some chat upstreams) count thinking inside the output tokens without saying how
 * many: estimate the thoughts from the reasoning text the client saw (≈ 4 characters a token,
 * never more than the output), so Gemini clients still get a thoughtsTokenCount.
 */
export function withEstimatedThoughts(usage: Partial<IRUsage>, reasoningChars: number): Partial<IRUsage> {
  if (usage.reasoningTokens !== undefined || reasoningChars <= 0) return usage;
  const output = usage.outputTokens ?? 0;
  return extend(usage, { reasoningTokens: Math.min(output, Math.ceil(reasoningChars / 4)) });
}

export function fromGeminiUsage(meta: GeminiUsageMetadata): IRUsage {
  // Tool-use prompt tokens are prompt tokens the model read (search results…), billed as input.
  const usage: IRUsage = {
    inputTokens: num(meta.promptTokenCount) + num(meta.toolUsePromptTokenCount),
    outputTokens: num(meta.candidatesTokenCount) + num(meta.thoughtsTokenCount),
  };
  if (meta.thoughtsTokenCount !== undefined) usage.reasoningTokens = num(meta.thoughtsTokenCount);
  if (meta.cachedContentTokenCount !== undefined) usage.cachedInputTokens = num(meta.cachedContentTokenCount);
  return usage;
}
