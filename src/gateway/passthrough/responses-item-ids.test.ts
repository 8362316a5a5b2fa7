import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { parseSSEText } from '../../protocols/sse/parse.js';
import { sseJson } from '../../protocols/sse/write.js';
import { intAfter, ResponsesItemIdNormalizer } from './responses-item-ids.js';

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

  it('continues the upstream stream on failure: same response id, next sequence numbers', () => {
    const n = new ResponsesItemIdNormalizer('gpt-5-codex');
    n.push(
      Buffer.from(
        ev('response.created', {
          sequence_number: 0,
          response: { id: 'resp_up', model: 'gpt-5-codex', output: [] },
        }) +
          ev('response.in_progress', { sequence_number: 1, response: { id: 'resp_up' } }) +
          ev('response.output_text.delta', { sequence_number: 2, output_index: 0, item_id: 'A', delta: 'x' }),
      ),
    );
    expect(n.heartbeat()).toMatch(/^: /);
    const frames = parseSSEText(n.error(new GatewayError('upstream', 'cut'))).map((m) => JSON.parse(m.data));
    expect(frames.map((f) => [f.type, f.sequence_number])).toEqual([
      ['error', 3],
      ['response.failed', 4],
    ]);
    expect(frames[1].response.id).toBe('resp_up');
    expect(frames[1].response.error.code).toBe('server_error');
  });

  it('opens the stream itself when the upstream failed before its first event', () => {
    const frames = parseSSEText(
      new ResponsesItemIdNormalizer('m').error(new GatewayError('upstream', 'cut')),
    ).map((m) => JSON.parse(m.data));
    expect(frames.map((f) => f.type)).toEqual([
      'response.created',
      'response.in_progress',
      'error',
      'response.failed',
    ]);
    expect(frames.map((f) => f.sequence_number)).toEqual([0, 1, 2, 3]);
  });
});

describe('intAfter: the integer after a key, as /"key":\\s*(\\d+)/ reads it', () => {
  const viaRegExp = (data: string, key: string) => {
    const m = new RegExp(`${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(\\d+)`).exec(data);
    return m ? Number(m[1]) : undefined;
  };
  it('agrees with the RegExp on frames and on text built from its pieces', () => {
    const key = '"sequence_number":';
    for (const data of [
      '{"type":"response.output_text.delta","sequence_number":12,"output_index":0}',
      '{"sequence_number": \n 7}',
      '{"sequence_number":"x","sequence_number":3}',
      '{"sequence_number":\u00a0\u3000 42}',
      '{"sequence_number":}',
      '{"sequence_number":12345678901234567890}',
      '',
    ])
      expect(intAfter(data, key)).toBe(viaRegExp(data, key));
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            key,
            ' ',
            '\t',
            '\u00a0',
            '\u2028',
            '0',
            '7',
            '9',
            'x',
            '"',
            ':',
            '1234567890123456',
          ),
          {
            maxLength: 12,
          },
        ),
        (parts) => {
          const data = parts.join('');
          expect(intAfter(data, key)).toBe(viaRegExp(data, key));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
