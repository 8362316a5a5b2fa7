import { extend } from '../../util/extend.js';

// Copilot answers Claude and Gemini models over /chat/completions with "split choices": the
// text in choices[0] (already finish_reason "tool_calls") and the tool calls in choices[1].
// Clients (the openai SDK's helpers among them) expect one choice, so a non-stream reply with
// several choices for an n=1 request is merged into one. Everything else is left as it was.

type Json = Record<string, unknown>;

export function mergeSplitChoices(body: Json): boolean {
  const choices = body.choices;
  if (!Array.isArray(choices) || choices.length < 2) return false;
  const merged: Json = { role: 'assistant', content: null };
  const toolCalls: unknown[] = [];
  let content = '';
  let finish: unknown = null;
  for (const choice of choices as Json[]) {
    const msg = (choice.message ?? {}) as Json;
    for (const [k, v] of Object.entries(msg)) {
      if (k === 'content' || k === 'tool_calls' || v === undefined || v === null) continue;
      if (merged[k] === undefined || merged[k] === null) merged[k] = v;
    }
    if (typeof msg.content === 'string') content += msg.content;
    if (Array.isArray(msg.tool_calls)) toolCalls.push(...msg.tool_calls);
    finish ??= choice.finish_reason;
  }
  if (content) merged.content = content;
  if (toolCalls.length) {
    merged.tool_calls = toolCalls;
    finish = 'tool_calls';
  }
  const first = choices[0] as Json;
  body.choices = [extend(first, { index: 0, message: merged, finish_reason: finish })];
  return true;
}

const FINISH = Buffer.from('"finish_reason"');

/** Only bodies with more than one choice can need merging. */
export const splitChoicesFix = {
  applies(raw: Buffer): boolean {
    const first = raw.indexOf(FINISH);
    return first !== -1 && raw.indexOf(FINISH, first + FINISH.length) !== -1;
  },
  fix: mergeSplitChoices,
};
