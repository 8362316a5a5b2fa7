// Token estimate of wire values (a message, an item, a tool list) of any protocol, with the same
// method and calibration as count_tokens (docs/token-counting.md): text through the model's
// tokenizer × 1.15, a fixed cost per message, image and document. Keys, ids, signatures and
// encrypted blobs are not prompt text and are not counted.
import {
  CLAUDE_CALIBRATION,
  PER_DOCUMENT_TOKENS,
  PER_IMAGE_TOKENS,
  PER_MESSAGE_OVERHEAD,
  type TokenizerName,
  textCounter,
} from '../protocols/anthropic/count-tokens.js';
import { MIN_CACHED_CHARS, type TokenCountCache } from './token-cache.js';

const NOT_TEXT = new Set([
  'signature',
  'encrypted_content',
  'encryptedContent',
  'redactedData',
  'data',
  'id',
  'tool_use_id',
  'call_id',
  'tool_call_id',
  'callId',
  'type',
  'role',
  'cache_control',
  'meta',
  'thoughtSignature',
  'status',
  'kind',
  'detail',
  'mediaType',
  'media_type',
]);
/** Values whose JSON text is what the model reads (tool arguments and schemas). */
const AS_JSON = new Set(['input', 'arguments', 'parameters', 'input_schema', 'args']);
const IMAGE_TYPES = new Set(['image', 'image_url', 'input_image']);
const DOCUMENT_TYPES = new Set(['document', 'file', 'input_file']);

interface Tally {
  text: string[];
  fixed: number;
}

function walk(v: unknown, t: Tally): void {
  if (typeof v === 'string') {
    t.text.push(v);
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) walk(x, t);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  const type = o.type;
  if (typeof type === 'string' && IMAGE_TYPES.has(type)) {
    t.fixed += PER_IMAGE_TOKENS;
    return;
  }
  if ('inlineData' in o || 'fileData' in o) {
    t.fixed += PER_IMAGE_TOKENS;
    return;
  }
  if (typeof type === 'string' && DOCUMENT_TYPES.has(type)) {
    t.fixed += PER_DOCUMENT_TOKENS;
    return;
  }
  // for…in, not Object.entries: the same keys in the same order (parsed JSON has no inherited
  // enumerable keys), without an array per object of a 400 KB transcript.
  for (const k in o) {
    if (NOT_TEXT.has(k)) continue;
    const x = o[k];
    if (x !== null && typeof x === 'object' && AS_JSON.has(k)) t.text.push(JSON.stringify(x));
    else walk(x, t);
  }
}

export type TokenEstimator = (value: unknown, perMessage?: boolean) => number;

/**
 * An estimator bound to one tokenizer; `perMessage` adds the per-message overhead. With a
 * `cache`, long texts counted before (the same transcript resent on the next turn) are not
 * tokenised again. Short texts repeat within one body (tool names, "Let me look."), and the
 * tokenizer costs microseconds a call whatever the length: each distinct one is counted once per
 * estimator (one request), in a memo that goes with it.
 */
export function createEstimator(tokenizer: TokenizerName, cache?: TokenCountCache): TokenEstimator {
  const counter = textCounter(tokenizer);
  const short = new Map<string, number>();
  const count = (s: string): number => {
    if (s.length >= MIN_CACHED_CHARS) return cache ? cache.count(tokenizer, s, counter) : counter(s);
    let n = short.get(s);
    if (n === undefined) {
      n = counter(s);
      short.set(s, n);
    }
    return n;
  };
  return (value, perMessage = true) => {
    const t: Tally = { text: [], fixed: 0 };
    walk(value, t);
    let n = 0;
    for (const s of t.text) n += count(s);
    return Math.ceil(n * CLAUDE_CALIBRATION) + t.fixed + (perMessage ? PER_MESSAGE_OVERHEAD : 0);
  };
}

/** The text a summariser reads for a value: its prompt strings, in order. */
export function transcriptText(value: unknown): string {
  const t: Tally = { text: [], fixed: 0 };
  walk(value, t);
  return t.text.join('\n');
}
