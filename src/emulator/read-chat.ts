// Validates a /chat/completions request the way the upstream does and reduces it to a ScriptInput.
import type { ModelView } from './catalogue.js';
import { openaiError } from './errors.js';
import { rejectOpenAIOverLimit } from './read-limits.js';
import type { ReadRequest } from './read-types.js';
import type { LastTurn } from './scripted-model.js';
import { verifyReasoning } from './tokens.js';

type Json = Record<string, unknown>;

function partsText(content: unknown, onImage: () => void): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const p of content as Json[]) {
    if (p?.type === 'text' && typeof p.text === 'string') out += (out ? '\n' : '') + p.text;
    else if (p?.type === 'image_url') onImage();
  }
  return out;
}

/** gpt-5* and o-series reject the legacy max_tokens on chat. */
function rejectsMaxTokens(model: ModelView): boolean {
  return /^(gpt-5|o\d)/.test(model.id);
}

export function readChat(body: Json, model: ModelView, signingKey?: string): ReadRequest {
  const messages = body.messages;
  if (!Array.isArray(messages)) {
    throw openaiError("Missing required parameter: 'messages'.", 'missing_required_parameter', 'messages');
  }
  if (messages.length === 0) {
    throw openaiError(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'empty_array',
      'messages',
    );
  }
  if (body.max_tokens !== undefined && rejectsMaxTokens(model)) {
    throw openaiError(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      'unsupported_parameter',
      'max_tokens',
    );
  }
  rejectOpenAIOverLimit(body.max_tokens, 'max_tokens', model);
  rejectOpenAIOverLimit(body.max_completion_tokens, 'max_completion_tokens', model);
  const tools = new Map<string, 'function' | 'custom'>();
  let promptChars = 0;
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools))
      throw openaiError("Invalid type for 'tools': expected an array.", 'invalid_type', 'tools');
    for (const [i, t] of (body.tools as Json[]).entries()) {
      const name = (t?.function as Json | null | undefined)?.name;
      if (t?.type !== 'function' || typeof name !== 'string' || name === '') {
        throw openaiError(
          `Missing required parameter: 'tools[${i}].function.name'.`,
          'missing_required_parameter',
          `tools[${i}].function.name`,
        );
      }
      tools.set(name, 'function');
    }
    promptChars += JSON.stringify(body.tools).length;
  }

  let hasImages = false;
  const onImage = () => {
    hasImages = true;
  };
  let system = '';
  const callNames = new Map<string, string>();
  // Tool call ids still waiting for their tool message.
  let pending: string[] = [];
  for (const [i, m] of (messages as Json[]).entries()) {
    const role = m?.role;
    if (pending.length > 0 && role !== 'tool') {
      throw openaiError(
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${pending.join(', ')}`,
        null,
        `messages.[${i}].role`,
      );
    }
    switch (role) {
      case 'system':
      case 'developer': {
        const t = partsText(m.content, onImage);
        system += (system ? '\n' : '') + t;
        promptChars += t.length;
        break;
      }
      case 'user':
        promptChars += partsText(m.content, onImage).length;
        break;
      case 'assistant': {
        promptChars += partsText(m.content, onImage).length;
        if (
          model.nonOpenAI &&
          typeof m.reasoning_text === 'string' &&
          m.reasoning_opaque !== undefined &&
          !verifyReasoning(m.reasoning_text, m.reasoning_opaque, signingKey)
        ) {
          throw openaiError(
            `messages.${i}: Invalid \`signature\` in \`thinking\` block`,
            'invalid_request_body',
            null,
          );
        }
        if (Array.isArray(m.tool_calls)) {
          for (const c of m.tool_calls as Json[]) {
            if (typeof c?.id !== 'string') {
              throw openaiError(
                `Missing required parameter: 'messages[${i}].tool_calls[0].id'.`,
                'missing_required_parameter',
                null,
              );
            }
            const fn = c.function as Json | null | undefined;
            callNames.set(c.id, String(fn?.name ?? ''));
            pending.push(c.id);
            promptChars += String(fn?.arguments ?? '').length;
          }
        }
        break;
      }
      case 'tool': {
        const id = m.tool_call_id;
        if (typeof id !== 'string' || !callNames.has(id)) {
          throw openaiError(
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
            null,
            `messages.[${i}].role`,
          );
        }
        pending = pending.filter((p) => p !== id);
        promptChars += partsText(m.content, onImage).length;
        break;
      }
      default:
        throw openaiError(
          `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
          'invalid_value',
          `messages[${i}].role`,
        );
    }
  }
  if (pending.length > 0) {
    throw openaiError(
      `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${pending.join(', ')}`,
      null,
      'messages',
    );
  }

  const lastMsg = messages[messages.length - 1] as Json;
  let last: LastTurn = { kind: 'none' };
  if (lastMsg.role === 'tool') {
    const results = [];
    let j = messages.length - 1;
    while (j >= 0 && messages[j].role === 'tool') j--;
    for (let k = j + 1; k < messages.length; k++) {
      const tm = messages[k] as Json;
      results.push({
        name: (typeof tm.tool_call_id === 'string' && callNames.get(tm.tool_call_id)) || undefined,
        text: partsText(tm.content, onImage),
      });
    }
    last = { kind: 'tool-results', results };
  } else {
    for (let j = messages.length - 1; j >= 0; j--) {
      if (messages[j].role === 'user') {
        last = { kind: 'text', text: partsText(messages[j].content, onImage) };
        break;
      }
    }
  }
  const effort = body.reasoning_effort;
  const reasoning =
    (typeof effort === 'string' && effort !== 'none') ||
    (typeof body.thinking_budget === 'number' && body.thinking_budget > 0);
  return {
    // The server found `model` by this exact id, so it is a string.
    script: { model: String(body.model), system, last, tools, reasoning, promptChars },
    stream: body.stream === true,
    hasImages,
    lastIsPlainUser: lastMsg.role === 'user',
  };
}
