// Which chat field carries the output limit for a model. Reasoning models (those that list
// reasoning efforts) refuse the legacy `max_tokens` on Copilot's /chat/completions ("Use
// 'max_completion_tokens' instead", pitfall 17); older chat models only know `max_tokens`.
// The one statement of the rule: the chat encoder and the passthrough quirk both read it.
import type { TargetModel } from '../ir/codec.js';

export function chatOutputLimitField(target: TargetModel): 'max_tokens' | 'max_completion_tokens' {
  return (target.reasoningEfforts?.length ?? 0) > 0 ? 'max_completion_tokens' : 'max_tokens';
}
