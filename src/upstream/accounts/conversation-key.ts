// Which conversation a request belongs to, from what clients already send; pure functions, one
// per protocol. The key is hashed (it may carry user identifiers; the store keeps only the hash).
//
// Rules, first match wins, and why:
// 1. `x-interaction-id` header: VS Code-style clients send one stable id per conversation
//    (copilot-upstream-2026.md §4); it is the most explicit signal there is.
// 2. Anthropic `metadata.user_id`, its session part only: Claude Code sends
//    `user_<hash>_account_<uuid>_session_<uuid>` (older) or a JSON string with `session_id`
//    (newer). The session changes per conversation; the user/account parts do not, so keying on
//    the whole value would glue every conversation of a user to one account.
// 3. `prompt_cache_key` (Responses, Chat): Codex sets it to its conversation id, and it names what
//    must stay on one account anyway (the upstream prompt cache).
// 4. Session headers: `session_id` / `x-session-id` (Codex sends `session_id`), `conversation_id`,
//    `x-claude-code-session-id`.
// 5. Responses `previous_response_id`: a chain whose earlier turns the gateway stored. The route
//    first asks the stored previous response for the key its turn used (so a whole chain keeps
//    its first turn's key); this function's `resp:<id>` key is the fallback when none is stored.
// Nothing else (the first message's text, the client's IP) is used: guessing would bind unrelated
// conversations, and an unbound request simply follows the selection strategy.
import { createHash } from 'node:crypto';

type Headers = Record<string, string | string[] | undefined>;
type Json = Record<string, unknown>;

const SESSION_HEADERS = ['session_id', 'x-session-id', 'conversation_id', 'x-claude-code-session-id'];
const MAX_RAW = 512;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= MAX_RAW ? s : undefined;
}

function key(kind: string, value: string): string {
  return `${kind}:${createHash('sha256').update(value).digest('base64url').slice(0, 32)}`;
}

function fromHeaders(headers: Headers): string | undefined {
  const ia = header(headers, 'x-interaction-id');
  if (ia) return key('ia', ia);
  return undefined;
}

function fromSessionHeaders(headers: Headers): string | undefined {
  for (const name of SESSION_HEADERS) {
    const v = header(headers, name);
    if (v) return key('sess', v);
  }
  return undefined;
}

/** The session part of Claude Code's metadata.user_id, in either of its formats. */
export function claudeSessionOf(userId: unknown): string | undefined {
  if (typeof userId !== 'string' || userId.length > MAX_RAW) return undefined;
  const legacy = /_session_([0-9a-zA-Z-]+)$/.exec(userId);
  if (legacy) return legacy[1];
  if (userId.startsWith('{')) {
    try {
      const v = JSON.parse(userId) as { session_id?: unknown };
      if (typeof v.session_id === 'string' && v.session_id !== '') return v.session_id;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function anthropicConversationKey(body: Json, headers: Headers): string | undefined {
  const h = fromHeaders(headers);
  if (h) return h;
  const meta = body.metadata as { user_id?: unknown } | undefined;
  const session = claudeSessionOf(meta?.user_id);
  if (session) return key('cc', session);
  return fromSessionHeaders(headers);
}

function promptCacheKey(body: Json): string | undefined {
  const k = body.prompt_cache_key;
  return typeof k === 'string' && k !== '' && k.length <= MAX_RAW ? key('pck', k) : undefined;
}

export function responsesConversationKey(body: Json, headers: Headers): string | undefined {
  const h = fromHeaders(headers) ?? promptCacheKey(body) ?? fromSessionHeaders(headers);
  if (h) return h;
  const prev = body.previous_response_id;
  return typeof prev === 'string' && prev !== '' ? key('resp', prev) : undefined;
}

export function chatConversationKey(body: Json, headers: Headers): string | undefined {
  return fromHeaders(headers) ?? promptCacheKey(body) ?? fromSessionHeaders(headers);
}

export function geminiConversationKey(headers: Headers): string | undefined {
  return fromHeaders(headers) ?? fromSessionHeaders(headers);
}
