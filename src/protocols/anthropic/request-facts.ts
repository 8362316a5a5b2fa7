// Facts about a raw Messages request body that the pipeline needs before (or without) decoding it.
// Pure functions. X-Initiator (copilot-upstream.md §8): the LAST message decides; a user turn made
// only of tool results is an agent turn; empty input is a user turn.
import { hasImages } from '../ir/has-images.js';
import { isJsonObject as isObj } from '../ir/json.js';
import { ENCRYPTED_SIGNATURE_PREFIX } from './foreign-reasoning.js';

type Json = Record<string, unknown>;

export function anthropicInitiator(body: Json): 'user' | 'agent' {
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

export function anthropicHasImages(raw: Buffer | undefined, body: Json): boolean {
  return hasImages(raw, body.messages, (o) => o.type === 'image');
}

/**
 * Thinking blocks that carry another upstream's reasoning state (a session that switched models):
 * Claude would reject them as invalid signatures. A byte scan, no walk.
 */
export function carriesForeignReasoning(raw: Buffer): boolean {
  return raw.indexOf(ENCRYPTED_SIGNATURE_PREFIX) !== -1;
}
