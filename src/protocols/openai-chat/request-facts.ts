// Facts about a raw Chat Completions request body that the pipeline needs before (or without)
// decoding it. Pure functions. X-Initiator rule (copilot-upstream.md §8): look at the LAST message;
// `user` for a turn a person started, `agent` for follow-ups inside a tool loop; empty is `user`.
import { hasImages } from '../ir/has-images.js';
import { isJsonObject as isObj } from '../ir/json.js';

type Json = Record<string, unknown>;

export function chatInitiator(body: Json): 'user' | 'agent' {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return 'user';
  const last = messages[messages.length - 1];
  return isObj(last) && (last.role === 'user' || last.role === 'system' || last.role === 'developer')
    ? 'user'
    : 'agent';
}

export function chatHasImages(raw: Buffer | undefined, body: Json): boolean {
  return hasImages(raw, body.messages, (o) => o.type === 'image_url' || o.type === 'image');
}
