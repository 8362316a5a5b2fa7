// Helpers to build a CodecContext. The gateway passes real time and random ids; tests pass a
// fixed clock and a counter so outputs are deterministic.
import { randomBytes } from 'node:crypto';
import type { CodecContext } from './codec.js';

export function createCodecContext(now = Math.floor(Date.now() / 1000)): CodecContext {
  return {
    now,
    newId: (prefix) => `${prefix}${randomBytes(12).toString('base64url')}`,
    warnings: [],
  };
}

export function createTestCodecContext(now = 1767225600): CodecContext {
  let n = 0;
  return { now, newId: (prefix) => `${prefix}test${++n}`, warnings: [] };
}
