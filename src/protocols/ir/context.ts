// Helpers to build a CodecContext. The gateway passes real time and random ids; tests pass a
// fixed clock and a counter so outputs are deterministic.
import { randomUUID } from 'node:crypto';
import type { CodecContext } from './codec.js';

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

export function createTestCodecContext(now = 1767225600): CodecContext {
  let n = 0;
  return { now, newId: (prefix) => `${prefix}test${++n}`, warnings: [] };
}
