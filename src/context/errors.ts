// The over-limit error every ingress answers before anything is sent to Copilot. The message
// starts with Anthropic's own wording ("prompt is too long: N tokens > M maximum"), which Claude
// Code recognises to compact; OpenAI clients read the code context_length_exceeded.
import { GatewayError } from '../errors/gateway-error.js';

export function contextLengthError(
  tokens: number,
  limit: number,
  model: string,
  trimmed: boolean,
): GatewayError {
  const what = trimmed
    ? 'even after dropping every older turn the gateway may drop, the system prompt, tools, task and latest turn'
    : 'this request';
  return new GatewayError(
    'context_length',
    `prompt is too long: ${tokens} tokens > ${limit} maximum (the gateway's estimate for model ${model}: ${what} exceed the model's prompt limit). Start a new conversation or compact this one (Claude Code: /compact; Codex: /compact), shorten the system prompt or tool list, or set "contextManagement": {"mode": "trim"} in config.json to let the gateway drop the oldest turns.`,
    { code: 'context_length_exceeded', param: 'messages' },
  );
}

const COPILOT_OVERFLOW = [
  /prompt token count of (\d+) exceeds the limit of (\d+)/i,
  /prompt is too long: (\d+) tokens > (\d+) maximum/i,
];

/**
 * Copilot's own overflow answers (its count differs from ours) become the same error as the
 * gateway's, with Copilot's figures and what to do; other errors pass unchanged.
 */
export function copilotOverflowError(err: GatewayError, model?: string): GatewayError {
  if (err.kind !== 'context_length') return err;
  const m = COPILOT_OVERFLOW.map((re) => re.exec(err.message)).find((x) => x !== null);
  if (!m) return err;
  return new GatewayError(
    'context_length',
    `prompt is too long: ${m[1]} tokens > ${m[2]} maximum (counted by Copilot${model ? ` for model ${model}` : ''}). Start a new conversation or compact this one (Claude Code: /compact; Codex: /compact), or raise "contextManagement.marginPercent" in config.json so the gateway trims earlier.`,
    { code: 'context_length_exceeded', param: 'messages', status: err.status },
  );
}
