// Tool-call id rules differ per protocol (Anthropic: ^[a-zA-Z0-9_-]+$; Responses call_id <= 64
// chars; Gemini: often absent). Ids are mapped deterministically so that a call and its result,
// encoded separately, get the same id.
import { createHash } from 'node:crypto';

export interface IdRules {
  /** Characters not matching are replaced with `_`. */
  allowed: RegExp;
  maxLength: number;
}

export const ANTHROPIC_ID_RULES: IdRules = { allowed: /[a-zA-Z0-9_-]/, maxLength: 128 };
export const RESPONSES_ID_RULES: IdRules = { allowed: /[\x21-\x7e]/, maxLength: 64 };

/** Returns `id` unchanged when it satisfies `rules`, else a sanitised id with a hash suffix. */
export function sanitizeToolCallId(id: string, rules: IdRules): string {
  if (id.length === 0) return `call_${shortHash('empty')}`;
  let ok = id.length <= rules.maxLength;
  let cleaned = '';
  for (const ch of id) {
    if (rules.allowed.test(ch)) cleaned += ch;
    else {
      cleaned += '_';
      ok = false;
    }
  }
  if (ok) return id;
  const suffix = `_${shortHash(id)}`;
  return cleaned.slice(0, rules.maxLength - suffix.length) + suffix;
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 10);
}
