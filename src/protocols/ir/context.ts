// A deterministic CodecContext for tests: a fixed clock and counter ids. The live one, with the
// real clock and random ids, is built outside the codecs (src/gateway/codec-context.ts).
import type { CodecContext } from './codec.js';

export function createTestCodecContext(now = 1767225600): CodecContext {
  let n = 0;
  return { now, newId: (prefix) => `${prefix}test${++n}`, warnings: [] };
}
