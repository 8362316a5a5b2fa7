import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSSEText } from '../../protocols/sse/parse.js';
import { endsWithBlankLine, FrameTap } from './frame-tap.js';
import { SIGNIFICANT, TERMINAL } from './usage-tap.js';

type Frame = [string | undefined, string];

function feed(chunks: string[], significant?: readonly Buffer[]): Frame[] {
  const seen: Frame[] = [];
  const tap = new FrameTap((event, data) => seen.push([event, data]), significant);
  for (const c of chunks) {
    const buf = Buffer.from(c);
    tap.push(buf, endsWithBlankLine(buf));
  }
  tap.end();
  return seen;
}

const matters =
  (needles: readonly Buffer[]) =>
  ([event, data]: Frame) =>
    needles.some((n) => `${event ?? ''}\n${data}`.includes(n.toString()));

const chat = (text: string) => `data: {"choices":[{"delta":{"content":${JSON.stringify(text)}}}]}\n\n`;
const usage = 'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5}}\n\n';

describe('FrameTap: the passthrough taps see every frame that matters, and no chunk is decoded for nothing', () => {
  it('skips whole-frame chunks without a significant string, after the first chunk', () => {
    const chunks = [chat('a'), chat('b'), chat('c'), usage, 'data: [DONE]\n\n'];
    const seen = feed(chunks, SIGNIFICANT['openai-chat']);
    // The first chunk is always decoded; b and c are skipped; the usage and [DONE] frames are not.
    expect(seen.map(([, d]) => d)).toEqual([
      '{"choices":[{"delta":{"content":"a"}}]}',
      '{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5}}',
      '[DONE]',
    ]);
  });

  it('decodes a chunk that ends inside a frame, and the one that completes it', () => {
    const whole = chat('x') + chat('split here') + usage;
    const cut = whole.indexOf('split') + 3;
    const seen = feed(
      [chat('x'), whole.slice(chat('x').length, cut), whole.slice(cut)],
      SIGNIFICANT['openai-chat'],
    );
    expect(seen.map(([, d]) => d)).toEqual(parseSSEText(whole).map((m) => m.data));
  });

  it('without significant strings (an observer needs every frame) decodes everything', () => {
    const chunks = [chat('a'), chat('b'), usage];
    expect(feed(chunks)).toEqual(parseSSEText(chunks.join('')).map((m) => [m.event, m.data]));
  });

  it('every terminal frame of each protocol holds one of its significant strings', () => {
    const terminal: Record<keyof typeof TERMINAL, Frame[]> = {
      'openai-chat': [
        [undefined, '[DONE]'],
        [undefined, '{"error":{"message":"x"}}'],
      ],
      anthropic: [
        ['message_stop', '{"type":"message_stop"}'],
        ['error', '{"type":"error"}'],
      ],
      'openai-responses': [
        ['response.completed', '{}'],
        ['response.incomplete', '{}'],
        ['response.failed', '{}'],
        ['error', '{}'],
      ],
    };
    for (const [protocol, frames] of Object.entries(terminal) as [keyof typeof TERMINAL, Frame[]][]) {
      for (const f of frames) {
        expect(TERMINAL[protocol](...f)).toBe(true);
        expect(matters(SIGNIFICANT[protocol])(f)).toBe(true);
      }
    }
  });

  it('property: for any split of any stream, the frames that matter are exactly those a full parse gives', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 12 }).map(chat),
      fc.constant(usage),
      fc.constant('event: message_stop\ndata: {"type":"message_stop"}\n\n'),
      fc.constant('event: ping\r\ndata: {"type":"ping"}\r\n\r\n'),
      fc.constant(': keep-alive\n\n'),
      fc.constant('data: [DONE]\n\n'),
      fc.string({ maxLength: 8 }).map((s) => `data: {"error":${JSON.stringify(s)}}\n\n`),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(...(Object.keys(SIGNIFICANT) as (keyof typeof SIGNIFICANT)[])),
        (pieces, cuts, protocol) => {
          const text = pieces.join('');
          const bytes = Buffer.from(text);
          // Chunks at frame boundaries (the common case) and at arbitrary byte offsets.
          const at = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
          const chunks: Buffer[] = [];
          let from = 0;
          for (const c of at) {
            if (c > from) chunks.push(bytes.subarray(from, c));
            from = c;
          }
          chunks.push(bytes.subarray(from));
          const framed = pieces.map((p) => Buffer.from(p));
          for (const split of [chunks, framed]) {
            const seen: Frame[] = [];
            const tap = new FrameTap((e, d) => seen.push([e, d]), SIGNIFICANT[protocol]);
            for (const c of split) tap.push(c, endsWithBlankLine(c));
            tap.end();
            const keep = matters(SIGNIFICANT[protocol]);
            const full: Frame[] = parseSSEText(text).map((m) => [m.event, m.data]);
            expect(seen.filter(keep)).toEqual(full.filter(keep));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
