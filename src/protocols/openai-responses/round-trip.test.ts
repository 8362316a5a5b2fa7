// Property tests: IR ⇄ Responses round trips are stable for everything Responses can express.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { responsesRequest, responsesResponse, streamEvents } from './arbitraries.js';
import { decodeRequest } from './decode-request.js';
import { decodeResponse } from './decode-response.js';
import { encodeRequest } from './encode-request.js';
import { encodeResponse } from './encode-response.js';
import { ResponsesStreamDecoder } from './stream-decoder.js';
import { ResponsesStreamEncoder } from './stream-encoder.js';

/** Replaces ids by their order of first appearance, so streams compare modulo ids. */
function normaliseIds(events: IRStreamEvent[]): unknown[] {
  const ids = new Map<string, string>();
  return events
    .filter((e) => e.type !== 'usage')
    .map((e) => {
      if (e.type === 'start') return { type: 'start', model: e.model, created: e.created };
      if (e.type === 'error') return { type: 'error', kind: e.error.kind };
      if (!('id' in e)) return e;
      if (!ids.has(e.id)) ids.set(e.id, `#${ids.size}`);
      return { ...e, id: ids.get(e.id) };
    });
}

describe('round trips', () => {
  it('decodeRequest(encodeRequest(ir)) ≅ ir', () => {
    fc.assert(
      fc.property(responsesRequest, (ir) => {
        const ctx = createTestCodecContext();
        const wire = encodeRequest(ir, { id: ir.model }, ctx);
        expect(ctx.warnings).toEqual([]);
        // JSON, as it travels.
        const back = decodeRequest(JSON.parse(JSON.stringify(wire)), createTestCodecContext());
        // Transport settings the egress always adds for a store-less upstream.
        expect(back.store).toBe(false);
        const { store: _s, include: _i, ...rest } = back;
        expect(rest).toEqual(ir as IRRequest);
      }),
      { numRuns: 300 },
    );
  });

  it('decodeResponse(encodeResponse(ir)) ≅ ir', () => {
    fc.assert(
      fc.property(responsesResponse, (ir) => {
        const ctx = createTestCodecContext();
        const req: IRRequest = {
          model: ir.model,
          system: [],
          messages: [],
          tools: [],
          stream: false,
          include: ['reasoning.encrypted_content'],
        };
        const wire = JSON.parse(JSON.stringify(encodeResponse(ir, req, ctx)));
        const back = decodeResponse(wire, createTestCodecContext());
        expect(back).toEqual(ir);
      }),
      { numRuns: 300 },
    );
  });

  it('IR events → stream encoder → SSE → stream decoder ≅ the same events', () => {
    const now = 1767225600;
    const req: IRRequest = {
      model: 'client-model',
      system: [],
      messages: [],
      tools: [],
      stream: true,
      include: ['reasoning.encrypted_content'],
    };
    fc.assert(
      fc.property(streamEvents(req.model, now), (events) => {
        const enc = new ResponsesStreamEncoder(req, createTestCodecContext(now));
        const sse = events.map((e) => enc.push(e)).join('') + enc.end();
        const dec = new ResponsesStreamDecoder(createTestCodecContext(now));
        const back = [...parseSSEText(sse).flatMap((m) => dec.push(m)), ...dec.end()];
        expect(normaliseIds(back)).toEqual(normaliseIds(events));
      }),
      { numRuns: 300 },
    );
  });
});
