// Copilot quirk: reasoning models refuse the legacy `max_tokens` on /chat/completions, and older
// clients still send it. On the passthrough path the raw body's key is renamed in place (the rule
// itself is chatOutputLimitField, which the chat encoder uses on the translated path).
import type { TargetModel } from '../../protocols/ir/codec.js';
import { chatOutputLimitField } from '../../protocols/openai-chat/output-limit-field.js';
import { renameTopLevel } from '../passthrough/patch-json.js';

export function fixChatOutputLimit(
  payload: Buffer | string,
  body: Record<string, unknown>,
  target: TargetModel,
): Buffer | string {
  if (body.max_tokens === undefined || body.max_completion_tokens !== undefined) return payload;
  if (chatOutputLimitField(target) !== 'max_completion_tokens') return payload;
  return renameTopLevel(
    Buffer.isBuffer(payload) ? payload : Buffer.from(payload),
    'max_tokens',
    'max_completion_tokens',
  );
}
