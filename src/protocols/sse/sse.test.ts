import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSSEDecoder, parseSSEText } from './parse.js';
import { sseComment, sseFrame, sseJson } from './write.js';

describe('SSE write', () => {
  it('frames JSON with and without event names', () => {
    expect(sseJson({ a: 1 })).toBe('data: {"a":1}\n\n');
    expect(sseJson({ type: 'ping' }, 'ping')).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });

  it('refuses line breaks in event names (no frame forging)', () => {
    expect(() => sseJson({}, 'a\nevent: b')).toThrow(/line breaks/);
    expect(() => sseFrame('x', 'a\rb')).toThrow(/line breaks/);
  });

  it('splits multi-line data so every line stays inside the frame', () => {
    expect(parseSSEText(sseFrame('a\nb\r\nc\rd', 'x'))).toEqual([{ event: 'x', data: 'a\nb\nc\nd' }]);
  });

  it('comments are ignored by the parser', () => {
    expect(parseSSEText(sseComment('hi\nthere') + sseJson({ ok: true }))).toEqual([{ data: '{"ok":true}' }]);
  });

  it('round-trips arbitrary JSON through any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.jsonValue(), fc.constantFrom(undefined, 'message_start', 'response.completed'))),
        fc.integer({ min: 1, max: 17 }),
        (events, step) => {
          const text = events.map(([v, e]) => sseJson(v, e)).join('');
          const bytes = Buffer.from(text);
          const d = createSSEDecoder();
          const got = [];
          for (let i = 0; i < bytes.length; i += step) got.push(...d.push(bytes.subarray(i, i + step)));
          got.push(...d.end());
          expect(got.map((m) => [JSON.parse(m.data), m.event])).toEqual(
            events.map(([v, e]) => [JSON.parse(JSON.stringify(v)), e]),
          );
        },
      ),
    );
  });
});
