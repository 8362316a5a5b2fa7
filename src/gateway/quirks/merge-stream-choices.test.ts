import { describe, expect, it } from 'vitest';
import { parseSSEText } from '../../protocols/sse/parse.js';
import { sseJson } from '../../protocols/sse/write.js';
import { StreamChoiceMerger } from './merge-stream-choices.js';

const chunk = (choices: unknown[]) => ({ id: 'c1', model: 'claude-haiku-4.5', choices });
const call = (index: number, extra: Record<string, unknown>) => ({ tool_calls: [{ index, ...extra }] });

function run(frames: string[], split?: number[]) {
  const merger = new StreamChoiceMerger();
  const text = frames.join('');
  const pieces = split ? splitAt(text, split) : [text];
  const seen: string[] = [];
  let out = '';
  for (const p of pieces) out += merger.push(Buffer.from(p), (_e, d) => seen.push(d));
  out += merger.end((_e, d) => seen.push(d));
  return { out, seen, datas: parseSSEText(out).map((m) => m.data) };
}

function splitAt(text: string, at: number[]): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const i of at) {
    parts.push(text.slice(from, i));
    from = i;
  }
  parts.push(text.slice(from));
  return parts;
}

const splitStream = [
  sseJson(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])),
  sseJson(chunk([{ index: 0, delta: { content: 'Let me look.' }, finish_reason: null }])),
  sseJson(
    chunk([
      {
        index: 1,
        delta: call(0, { id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '' } }),
        finish_reason: null,
      },
    ]),
  ),
  sseJson(chunk([{ index: 1, delta: call(0, { function: { arguments: '{"a":1}' } }), finish_reason: null }])),
  sseJson(
    chunk([
      {
        index: 1,
        delta: call(1, { id: 'toolu_2', type: 'function', function: { name: 'g', arguments: '{}' } }),
        finish_reason: null,
      },
    ]),
  ),
  sseJson(chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }])),
  'data: [DONE]\n\n',
];

describe('StreamChoiceMerger', () => {
  it('folds choice 1 into choice 0 and leaves the other frames byte for byte', () => {
    const { datas, seen } = run(splitStream);
    const original = parseSSEText(splitStream.join('')).map((m) => m.data);
    expect(datas).toHaveLength(original.length);
    // Frames on choice 0 are the very same strings (never re-serialised).
    for (const i of [0, 1, 5, 6]) expect(datas[i]).toBe(original[i]);
    for (const i of [2, 3, 4]) {
      const c = JSON.parse(datas[i]).choices;
      expect(c).toHaveLength(1);
      expect(c[0].index).toBe(0);
    }
    expect(JSON.parse(datas[2]).choices[0].delta.tool_calls[0]).toMatchObject({ index: 0, id: 'toolu_1' });
    expect(JSON.parse(datas[4]).choices[0].delta.tool_calls[0]).toMatchObject({ index: 1, id: 'toolu_2' });
    // The taps see what the client sees.
    expect(seen).toEqual(datas);
  });

  it('gives the same frames however the bytes are cut', () => {
    const whole = run(splitStream).datas;
    const text = splitStream.join('');
    for (const cuts of [[1], [17, 18, 200], [text.length - 3], [50, 120, 121, 300, 410]])
      expect(run(splitStream, cuts).datas).toEqual(whole);
  });

  it('numbers folded calls after the calls choice 0 made itself', () => {
    const { datas } = run([
      sseJson(
        chunk([
          {
            index: 0,
            delta: call(0, { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }),
          },
        ]),
      ),
      sseJson(
        chunk([
          {
            index: 1,
            delta: call(0, { id: 'b', type: 'function', function: { name: 'g', arguments: '{}' } }),
          },
        ]),
      ),
      sseJson(chunk([{ index: 1, delta: call(0, { function: { arguments: '' } }) }])),
    ]);
    expect(JSON.parse(datas[1]).choices[0].delta.tool_calls[0].index).toBe(1);
    expect(JSON.parse(datas[2]).choices[0].delta.tool_calls[0].index).toBe(1);
  });

  it('merges two choices of one frame into one and says tool_calls when choice 0 said stop', () => {
    const { datas } = run([
      sseJson(
        chunk([
          { index: 0, delta: { content: 'Hi' }, finish_reason: null },
          {
            index: 1,
            delta: {
              role: 'assistant',
              ...call(0, { id: 'x', type: 'function', function: { name: 'f', arguments: '{}' } }),
            },
          },
        ]),
      ),
      sseJson(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }])),
    ]);
    const first = JSON.parse(datas[0]).choices;
    expect(first).toHaveLength(1);
    expect(first[0].delta.content).toBe('Hi');
    expect(first[0].delta.tool_calls[0].id).toBe('x');
    expect(JSON.parse(datas[1]).choices[0].finish_reason).toBe('tool_calls');
  });

  it('passes CRLF-framed streams frame by frame too', () => {
    const crlf = splitStream.map((f) => f.replace(/\n\n$/, '\r\n\r\n'));
    const text = crlf.join('');
    const merger = new StreamChoiceMerger();
    // The first frame alone is complete: it goes out before the rest arrives.
    const first = merger.push(Buffer.from(text.slice(0, crlf[0].length + 3)), () => {});
    expect(String(first)).toBe(crlf[0]);
  });

  it('passes through streams without split choices untouched, usage frames and [DONE] included', () => {
    const frames = [
      sseJson(
        chunk([
          { index: 0, delta: call(1, { id: 'b', type: 'function', function: { name: 'g', arguments: '' } }) },
        ]),
      ),
      sseJson(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }])),
      sseJson({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 1 } }),
      'data: not json {"index":1}\n\n',
      'data: [DONE]\n\n',
    ];
    expect(run(frames).out).toBe(frames.join(''));
  });
});
