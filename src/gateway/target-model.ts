// The facts about a Copilot model that egress encoders need.
import type { TargetModel } from '../protocols/ir/codec.js';
import type { CopilotModel } from '../upstream/types.js';

export function targetModelOf(model: CopilotModel): TargetModel {
  const s = model.supports;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    id: model.id,
    maxOutputTokens: model.limits.maxOutputTokens,
    maxNonStreamingOutputTokens: model.limits.maxNonStreamingOutputTokens,
    minThinkingBudget: num(s.min_thinking_budget),
    maxThinkingBudget: num(s.max_thinking_budget),
    reasoningEfforts: Array.isArray(s.reasoning_effort) ? (s.reasoning_effort as string[]) : undefined,
    adaptiveThinking: s.adaptive_thinking === true,
    vision: s.vision === true,
  };
}
