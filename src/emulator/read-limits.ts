// Output-token limits as Copilot enforces them: a request that asks for more output than the
// model's `max_output_tokens` is refused with the model named (the text Claude Code users see).
import type { ModelView } from './catalogue.js';
import { anthropicError, openaiError } from './errors.js';

export function rejectAnthropicOverLimit(maxTokens: number, model: ModelView): void {
  const limit = model.maxOutputTokens;
  if (limit !== undefined && maxTokens > limit) {
    throw anthropicError(
      `max_tokens: ${maxTokens} > ${limit}, which is the maximum allowed number of output tokens for ${model.id}`,
    );
  }
}

/** Chat (`max_tokens`, `max_completion_tokens`) and Responses (`max_output_tokens`). */
export function rejectOpenAIOverLimit(value: unknown, param: string, model: ModelView): void {
  const limit = model.maxOutputTokens;
  if (limit === undefined || typeof value !== 'number' || value <= limit) return;
  throw openaiError(
    `${param} is too large: ${value}. This model supports at most ${limit} completion tokens, whereas you provided ${value}.`,
    'invalid_value',
    param,
  );
}
