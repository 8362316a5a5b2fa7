// Property tests: the two halves of the codec are inverses within what Chat can express.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { chatRequestArb, chatResponseArb, chatStreamArb } from './arbitraries.js';
import { openaiChatEgress, openaiChatIngress } from './index.js';

/** Replaces block ids by their order of appearance and errors by their kind and message. */
function normalise(events: IRStreamEvent[]): unknown[] {
  const ids = new Map<string, string>();
  return events.map((ev) => {
    if (ev.type === 'error') return { type: 'error', kind: ev.error.kind, message: ev.error.message };
    if (ev.type === 'start' || !('id' in ev)) return ev;
    if (!ids.has(ev.id)) ids.set(ev.id, `b${ids.size}`);
    return { ...ev, id: ids.get(ev.id) };
  });
}

describe('openai-chat round trips', () => {
  it('request: ingress.decode(egress.encode(ir)) equals ir', () => {
    fc.assert(
      fc.property(chatRequestArb, (ir) => {
        const target = { id: ir.model, reasoningEfforts: ['low', 'medium', 'high'] };
        const ctx = createTestCodecContext();
        const wire = openaiChatEgress.encodeRequest(ir, target, ctx);
        expect(ctx.warnings).toEqual([]);
        // Through JSON, like the real wire.
        const back = openaiChatIngress.decodeRequest(
          JSON.parse(JSON.stringify(wire)),
          createTestCodecContext(),
        );
        expect(back).toEqual(ir);
      }),
      { numRuns: 200 },
    );
  });

  it('response: egress.decode(ingress.encode(res)) equals res', () => {
    fc.assert(
      fc.property(chatResponseArb, (res) => {
        const req: IRRequest = { model: res.model, system: [], messages: [], tools: [], stream: false };
        const wire = openaiChatIngress.encodeResponse(res, req, createTestCodecContext());
        const back = openaiChatEgress.decodeResponse(
          JSON.parse(JSON.stringify(wire)),
          createTestCodecContext(),
        );
        expect(back).toEqual(res);
      }),
      { numRuns: 200 },
    );
  });

  it('stream: IR events → encoder → SSE → decoder gives the same events (modulo ids)', () => {
    fc.assert(
      fc.property(chatStreamArb, ({ includeUsage, model, events }) => {
        const req: IRRequest = {
          model,
          system: [],
          messages: [],
          tools: [],
          stream: true,
          streamIncludeUsage: includeUsage,
        };
        const encoder = openaiChatIngress.createStreamEncoder(req, createTestCodecContext());
        let text = '';
        for (const ev of events) text += encoder.push(ev);
        text += encoder.end();
        const decoder = openaiChatEgress.createStreamDecoder(createTestCodecContext());
        const out: IRStreamEvent[] = [];
        for (const m of parseSSEText(text)) out.push(...decoder.push(m));
        out.push(...decoder.end());
        expect(normalise(out)).toEqual(normalise(events));
      }),
      { numRuns: 200 },
    );
  });
});
