// X-Initiator decides whether Copilot bills a premium request (copilot-upstream.md §8): `user`
// for a turn a person started, `agent` for follow-ups inside a tool loop. The rule used by most
// clients, and the one Copilot validates: look at the LAST message. A user turn made only of
// tool results is an agent turn. Empty input is a user turn.

import { isJsonObject as isObj } from '../protocols/ir/json.js';
import type { Initiator } from '../upstream/types.js';

type Json = Record<string, unknown>;

export function chatInitiator(body: Json): Initiator {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return 'user';
  const last = messages[messages.length - 1];
  return isObj(last) && (last.role === 'user' || last.role === 'system' || last.role === 'developer')
    ? 'user'
    : 'agent';
}

export function anthropicInitiator(body: Json): Initiator {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return 'user';
  const last = messages[messages.length - 1];
  if (!isObj(last) || last.role !== 'user') return 'agent';
  const content = last.content;
  if (
    Array.isArray(content) &&
    content.length > 0 &&
    content.every((b) => isObj(b) && b.type === 'tool_result')
  )
    return 'agent';
  return 'user';
}

export function responsesInitiator(body: Json): Initiator {
  const input = body.input;
  if (typeof input === 'string' || !Array.isArray(input) || input.length === 0) return 'user';
  const last = input[input.length - 1];
  if (!isObj(last)) return 'user';
  if (last.role === 'user' || last.role === 'developer' || last.role === 'system') return 'user';
  return 'agent';
}

export function geminiInitiator(body: Json): Initiator {
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) return 'user';
  const last = contents[contents.length - 1];
  if (!isObj(last)) return 'user';
  if (last.role === 'model') return 'agent';
  const parts = last.parts;
  if (
    Array.isArray(parts) &&
    parts.length > 0 &&
    parts.every((p) => isObj(p) && (p.functionResponse || p.function_response))
  )
    return 'agent';
  return 'user';
}
