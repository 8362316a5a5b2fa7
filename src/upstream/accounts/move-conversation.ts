// Moving a conversation to another account: the parts of the outgoing body that only the old
// account can verify are removed, each change recorded for the outcome record. Pure functions
// over the body as it goes to Copilot, one per Copilot endpoint (so one rule set serves the
// passthrough and the translated paths alike):
// - /v1/messages: `thinking` and `redacted_thinking` blocks (their signatures are bound to the
//   account) are dropped. If the last assistant turn then starts with tool_use while thinking is
//   on, Claude would refuse the request ("Expected thinking... but found tool_use"), so thinking
//   is turned off for that one request.
// - /responses: `reasoning` items carrying `encrypted_content` are dropped (kept summaries would
//   need the encrypted part); item ids from the old account (`id` on input items) are removed.
// - /chat/completions: `reasoning_opaque` (and the `reasoning_text` it signs) on assistant
//   messages are dropped.
// Text, tool calls and tool results move as they are: they are plain content.
import type { MovedBody } from '../types.js';

type Json = Record<string, unknown>;

function moveMessages(body: Json): MovedBody['changes'] {
  const changes: MovedBody['changes'] = [];
  if (!Array.isArray(body.messages)) return changes;
  let dropped = 0;
  let lastAssistant: Json | undefined;
  body.messages = (body.messages as Json[]).map((m) => {
    if (m?.role !== 'assistant' || !Array.isArray(m.content)) return m;
    const content = (m.content as Json[]).filter((b) => {
      const bound = b?.type === 'thinking' || b?.type === 'redacted_thinking';
      if (bound) dropped++;
      return !bound;
    });
    const next = content.length === (m.content as Json[]).length ? m : { ...m, content };
    lastAssistant = next;
    return next;
  });
  if (dropped > 0)
    changes.push({
      kind: 'conversation-moved',
      detail: `dropped ${dropped} thinking block(s) signed by the previous account`,
    });
  const thinking = body.thinking as Json | undefined;
  const first = Array.isArray(lastAssistant?.content) ? (lastAssistant.content as Json[])[0] : undefined;
  if (dropped > 0 && thinking && thinking.type !== 'disabled' && first?.type === 'tool_use') {
    delete body.thinking;
    changes.push({
      kind: 'conversation-moved',
      detail:
        'thinking turned off for this turn: its tool call was made with thinking the new account cannot verify',
    });
  }
  return changes;
}

function moveResponses(body: Json): MovedBody['changes'] {
  if (!Array.isArray(body.input)) return [];
  let reasoning = 0;
  let ids = 0;
  const input: Json[] = [];
  for (const item of body.input as Json[]) {
    if (item?.type === 'reasoning' && item.encrypted_content != null) {
      reasoning++;
      continue;
    }
    if (
      item &&
      typeof item === 'object' &&
      'id' in item &&
      item.type !== undefined &&
      item.type !== 'message'
    ) {
      const { id: _id, ...rest } = item;
      ids++;
      input.push(rest);
      continue;
    }
    input.push(item);
  }
  body.input = input;
  const changes: MovedBody['changes'] = [];
  if (reasoning > 0)
    changes.push({
      kind: 'conversation-moved',
      detail: `dropped ${reasoning} encrypted reasoning item(s) of the previous account`,
    });
  if (ids > 0)
    changes.push({
      kind: 'conversation-moved',
      detail: `removed ${ids} item id(s) bound to the previous account`,
    });
  return changes;
}

function moveChat(body: Json): MovedBody['changes'] {
  if (!Array.isArray(body.messages)) return [];
  let dropped = 0;
  body.messages = (body.messages as Json[]).map((m) => {
    if (m?.role !== 'assistant' || m.reasoning_opaque === undefined) return m;
    const { reasoning_opaque: _o, reasoning_text: _t, ...rest } = m;
    dropped++;
    return rest;
  });
  return dropped > 0
    ? [
        {
          kind: 'conversation-moved',
          detail: `dropped reasoning of ${dropped} assistant message(s) signed by the previous account`,
        },
      ]
    : [];
}

const BY_ENDPOINT: Record<string, (body: Json) => MovedBody['changes']> = {
  '/v1/messages': moveMessages,
  '/responses': moveResponses,
  '/chat/completions': moveChat,
};

/**
 * The body to send to the new account, or undefined when nothing in it is bound to the old one.
 * Accepts the raw JSON (passthrough) or the encoded object (translated); never throws.
 */
export function moveConversationBody(endpoint: string, body: unknown): MovedBody | undefined {
  const rule = BY_ENDPOINT[endpoint];
  if (!rule || body === undefined) return undefined;
  let json: Json;
  try {
    json =
      typeof body === 'string' || Buffer.isBuffer(body)
        ? (JSON.parse(body.toString()) as Json)
        : (structuredClone(body) as Json);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const changes = rule(json);
  return changes.length > 0 ? { body: JSON.stringify(json), changes } : undefined;
}
