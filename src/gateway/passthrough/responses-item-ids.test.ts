import { describe, expect, it } from 'vitest';
import { parseSSEText } from '../../protocols/sse/parse.js';
import { sseJson } from '../../protocols/sse/write.js';
import { ResponsesItemIdNormalizer } from './responses-item-ids.js';

const ev = (type: string, body: Record<string, unknown>) => sseJson({ type, ...body }, type);

describe('ResponsesItemIdNormalizer', () => {
  it('keeps the id an item was announced with, in every later frame', () => {
    const upstream =
      ev('response.created', { response: { id: 'r', output: [] } }) +
      ev('response.output_item.added', { output_index: 0, item: { id: 'A', type: 'message', content: [] } }) +
      ev('response.output_text.delta', { output_index: 0, item_id: 'A', content_index: 0, delta: 'hi' }) +
      ev('response.output_item.done', { output_index: 0, item: { id: 'B', type: 'message', content: [] } }) +
      ev('response.completed', { response: { id: 'r', output: [{ id: 'B', type: 'message' }] } });
    const n = new ResponsesItemIdNormalizer();
    // Feed in awkward pieces: frames split across chunks.
    let out = '';
    for (let i = 0; i < upstream.length; i += 7) out += n.push(Buffer.from(upstream.slice(i, i + 7)));
    out += n.end();
    const frames = parseSSEText(out).map((m) => ({ event: m.event, data: JSON.parse(m.data) }));
    expect(frames.map((f) => f.event)).toEqual([
      'response.created',
      'response.output_item.added',
      'response.output_text.delta',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(frames[3].data.item.id).toBe('A');
    expect(frames[4].data.response.output[0].id).toBe('A');
  });

  it('leaves consistent streams byte-identical in their data', () => {
    const upstream =
      ev('response.output_item.added', { output_index: 0, item: { id: 'A' } }) +
      ev('response.output_item.done', { output_index: 0, item: { id: 'A', x: 'é\u2028' } });
    const n = new ResponsesItemIdNormalizer();
    expect(n.push(Buffer.from(upstream)) + n.end()).toBe(upstream);
  });
});
