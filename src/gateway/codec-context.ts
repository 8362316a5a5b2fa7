// The CodecContext of a live request: the real clock and random ids. Codecs never read either
// themselves (src/protocols stays pure); tests use createTestCodecContext instead.
import { randomUUID } from 'node:crypto';
import type { CodecContext } from '../protocols/ir/codec.js';

/**
 * Ids are a random 64-bit stem per request plus a counter: unique across requests, distinct
 * within one, and cheap (randomUUID draws from a cached entropy pool; randomBytes per id cost
 * ~20 µs per translated stream).
 */
export function createCodecContext(now = Math.floor(Date.now() / 1000)): CodecContext {
  const stem = randomUUID().replace(/-/g, '').slice(0, 16);
  let n = 0;
  return {
    now,
    newId: (prefix) => `${prefix}${stem}${(++n).toString(36)}`,
    warnings: [],
  };
}
