// Token counts of long texts already counted, by content: a client resends its whole transcript
// on every turn (Claude Code's 400 KB requests), so context management would tokenise the same
// messages again and again. A bounded LRU on the gateway context maps (tokenizer, SHA-1 of the
// text) to its count: hashing runs at memory speed, tokenising at a few MB/s. Very short texts are
// counted directly (each distinct one once per request, see estimate.ts); from 16 characters on
// the digest is cheaper (measured: a SHA-1 ~0.3–1.5 µs, the tokenizer's fixed cost 4–6 µs a
// call). The cache holds digests and numbers only, never the texts.
import { hash } from 'node:crypto';
import type { TokenizerName } from '../protocols/anthropic/count-tokens.js';

/** Texts shorter than this are not kept here (the estimator memoises them for one request). */
export const MIN_CACHED_CHARS = 16;
/** Entries kept (each ~100 bytes: a 28-character key and a number). */
export const DEFAULT_TOKEN_CACHE_ENTRIES = 50_000;

export class TokenCountCache {
  private readonly entries = new Map<string, number>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = DEFAULT_TOKEN_CACHE_ENTRIES) {}

  get size(): number {
    return this.entries.size;
  }

  /** `count(text)`, from the cache when this text was counted with this tokenizer before. */
  count(tokenizer: TokenizerName, text: string, count: (s: string) => number): number {
    if (text.length < MIN_CACHED_CHARS || this.capacity <= 0) return count(text);
    const key =
      tokenizer === 'o200k_base' ? `o${hash('sha1', text, 'base64')}` : `c${hash('sha1', text, 'base64')}`;
    const known = this.entries.get(key);
    if (known !== undefined) {
      this.hits++;
      // Most recently used last: re-insert.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    this.misses++;
    const n = count(text);
    this.entries.set(key, n);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return n;
  }
}
