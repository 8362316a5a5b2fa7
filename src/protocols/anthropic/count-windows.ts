// The tokenizer's cost cap. BPE merging is quadratic in the length of one pre-tokenised piece,
// and a run without spaces ("A" × 100 000, a base64 blob, CJK text, a run of spaces) is one
// piece: counted whole it blocks the process for seconds. Text is therefore counted in windows
// of at most WINDOW_CHARS characters, cut just before a whitespace character where the window
// has one in its second half (o200k and cl100k attach a leading space to the next word, so such
// a cut changes nothing), else hard at the window size (never inside a surrogate pair). The cost
// is then linear in the text: at most one window's quadratic cost per WINDOW_CHARS characters.
// A hard cut can shift the count by about one token per window (measured: +0.7 % on prose cut
// blindly; runs without whitespace are where it applies). Bound stated in docs/token-counting.md.

export const WINDOW_CHARS = 512;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/** The windows `s` is counted in: every one at most WINDOW_CHARS long; joined, they are `s`. */
export function* countWindows(s: string): Generator<string> {
  if (s.length <= WINDOW_CHARS) {
    if (s) yield s;
    return;
  }
  let start = 0;
  while (start < s.length) {
    let end = Math.min(start + WINDOW_CHARS, s.length);
    if (end < s.length) {
      let cut = end;
      const floor = start + WINDOW_CHARS / 2;
      while (cut > floor && !isSpace(s.charCodeAt(cut))) cut--;
      if (cut > floor) end = cut;
      else if (isHighSurrogate(s.charCodeAt(end - 1))) end--;
    }
    yield s.slice(start, end);
    start = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
