// The one JSON-object guard every codec and route uses on parsed wire data.

export type JsonObject = Record<string, unknown>;

/** A plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deepest nesting of arrays and objects accepted in a client's JSON (bodies, tool arguments).
 * Real requests nest a few dozen levels at most (tool schemas); past this, recursive code
 * (String(), JSON.stringify, schema walkers) would overflow the stack on the way through.
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests arrays/objects deeper than `limit`. One linear pass that jumps over
 * string contents (base64 images cost a memchr, not a byte loop); meant to run after JSON.parse
 * accepted the text, so malformed input has already had its own error.
 */
export function jsonTooDeep(text: string | Buffer, limit = MAX_JSON_DEPTH): boolean {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const n = buf.length;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = buf[i];
    if (c === QUOTE) {
      let from = i + 1;
      for (;;) {
        const close = buf.indexOf(QUOTE, from);
        if (close === -1) return false;
        let b = close - 1;
        while (buf[b] === BACKSLASH) b--;
        if ((close - 1 - b) % 2 === 0) {
          i = close + 1;
          break;
        }
        from = close + 1;
      }
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
    i++;
  }
  return false;
}
