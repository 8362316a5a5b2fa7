// Property tests: IR ⇄ Anthropic round trips are stable for everything the protocol can express.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TargetModel } from '../ir/codec.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { irRequest, irResponse, irStream, NOW } from './arbitraries.js';
import { anthropicEgress, anthropicIngress } from './index.js';

const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v));

function target(model: string): TargetModel {
  return { id: model, maxOutputTokens: 32000, minThinkingBudget: 1024, maxThinkingBudget: 32000 };
}

/** Stream events compared modulo block ids (renumbered by first appearance) and usage snapshots. */
function normaliseEvents(events: IRStreamEvent[]): unknown[] {
  const ids = new Map<string, string>();
  return events
    .filter((e) => e.type !== 'usage' && e.type !== 'reasoning-signature')
    .map((e) => {
      if (e.type === 'error') return { type: 'error', kind: e.error.kind, message: e.error.message };
      if (e.type === 'start') return { type: 'start', id: e.id, model: e.model, created: e.created };
      if ('id' in e) {
        if (!ids.has(e.id)) ids.set(e.id, `#${ids.size}`);
        return plain({ ...e, id: ids.get(e.id) });
      }
      return plain(e);
    });
}

describe('Anthropic round trips (fast-check)', () => {
  it('decodeRequest(encodeRequest(ir)) ≅ ir', () => {
    fc.assert(
      fc.property(irRequest, (ir: IRRequest) => {
        const ctx = createTestCodecContext(NOW);
        const body = anthropicEgress.encodeRequest(ir, target(ir.model), ctx);
        const back = anthropicIngress.decodeRequest(plain(body), ctx);
        expect(ctx.warnings).toEqual([]);
        expect(plain(back)).toEqual(plain(ir));
      }),
      { numRuns: 300 },
    );
  });

  it('decodeResponse(encodeResponse(res)) ≅ res', () => {
    fc.assert(
      fc.property(irResponse, (res) => {
        const ctx = createTestCodecContext(NOW);
        const req: IRRequest = { model: res.model, system: [], messages: [], tools: [], stream: false };
        const wire = anthropicIngress.encodeResponse(res, req, ctx);
        const back = anthropicEgress.decodeResponse(plain(wire), ctx);
        expect(plain(back)).toEqual(plain(res));
      }),
      { numRuns: 300 },
    );
  });

  it('IR events → SSE → IR events is stable (modulo ids)', () => {
    fc.assert(
      fc.property(irStream, (events) => {
        const ctx = createTestCodecContext(NOW);
        const start = events[0] as Extract<IRStreamEvent, { type: 'start' }>;
        const req: IRRequest = { model: start.model, system: [], messages: [], tools: [], stream: true };
        const enc = anthropicIngress.createStreamEncoder(req, ctx);
        const sse = events.map((e) => enc.push(e)).join('') + enc.end();
        const dec = anthropicEgress.createStreamDecoder(ctx);
        const back = [...parseSSEText(sse).flatMap((m) => dec.push(m)), ...dec.end()];
        expect(normaliseEvents(back)).toEqual(normaliseEvents(events));
      }),
      { numRuns: 300 },
    );
  });
});
