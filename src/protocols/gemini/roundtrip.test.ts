// Property tests: IR ⇄ Gemini round trips are stable for everything Gemini can express.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRStreamEvent, IRUsage } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { requestArb, responseArb, streamArb } from './arbitraries.js';
import { decodeGeminiRequest } from './decode-request.js';
import { decodeGeminiResponse } from './decode-response.js';
import { encodeGeminiRequest } from './encode-request.js';
import { encodeGeminiResponse } from './encode-response.js';
import { withEstimatedThoughts } from './map-usage.js';
import { GeminiStreamDecoder } from './stream-decoder.js';
import { GeminiStreamEncoder, type GeminiStreamMode } from './stream-encoder.js';

/** Drops empty user turns' absence differences: none expected, so compare directly. */
describe('request round trip', () => {
  it('decodeRequest(encodeRequest(ir)) ≅ ir', () => {
    fc.assert(
      fc.property(requestArb, (ir) => {
        const ctx = createTestCodecContext();
        const wire = encodeGeminiRequest(ir, { id: ir.model }, ctx);
        expect(wire.model).toBe(ir.model);
        // Through JSON, as a client would send it.
        const back = decodeGeminiRequest(JSON.parse(JSON.stringify(wire)), createTestCodecContext());
        expect(back).toEqual(ir);
        expect(ctx.warnings).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('response round trip', () => {
  it('decodeResponse(encodeResponse(res)) ≅ res with thoughts included', () => {
    fc.assert(
      fc.property(responseArb, (res) => {
        const req = { model: res.model, reasoning: { includeThoughts: true } } as IRRequest;
        const wire = encodeGeminiResponse(res, req, createTestCodecContext());
        const back = decodeGeminiResponse(JSON.parse(JSON.stringify(wire)), createTestCodecContext());
        // Uncounted thoughts come back as the estimate the encoder reports.
        const chars = res.parts.reduce((n, p) => n + (p.type === 'reasoning' ? p.text.length : 0), 0);
        expect(back).toEqual(res.usage ? { ...res, usage: withEstimatedThoughts(res.usage, chars) } : res);
      }),
      { numRuns: 200 },
    );
  });

  it('without includeThoughts, only signed reasoning survives (through the envelope)', () => {
    fc.assert(
      fc.property(responseArb, (res) => {
        const req = { model: res.model } as IRRequest;
        const wire = encodeGeminiResponse(res, req, createTestCodecContext());
        expect(JSON.stringify(wire)).not.toContain('"thought":true');
        const back = decodeGeminiResponse(JSON.parse(JSON.stringify(wire)), createTestCodecContext());
        expect(back.parts).toEqual(
          res.parts.filter((p) => p.type !== 'reasoning' || p.signature !== undefined),
        );
      }),
      { numRuns: 200 },
    );
  });
});

/** Folds a stream into comparable blocks (ids and delta boundaries of tool args are not preserved). */
function fold(events: IRStreamEvent[]) {
  const blocks: Array<Record<string, unknown>> = [];
  const byId = new Map<string, Record<string, unknown>>();
  let end: unknown;
  let start: unknown;
  for (const ev of events) {
    switch (ev.type) {
      case 'start':
        start = { id: ev.id, model: ev.model };
        break;
      case 'text-start':
      case 'reasoning-start': {
        const b = { kind: ev.type === 'text-start' ? 'text' : 'reasoning', text: '' };
        blocks.push(b);
        byId.set(ev.id, b);
        break;
      }
      case 'text-delta':
      case 'reasoning-delta': {
        const b = byId.get(ev.id) as { text: string };
        b.text += ev.delta;
        break;
      }
      case 'reasoning-end':
        if (ev.signature !== undefined) (byId.get(ev.id) as Record<string, unknown>).signature = ev.signature;
        break;
      case 'tool-call-start': {
        const b = { kind: 'tool', callId: ev.callId, name: ev.name, args: '' };
        blocks.push(b);
        byId.set(ev.id, b);
        break;
      }
      case 'tool-call-delta':
        (byId.get(ev.id) as { args: string }).args += ev.delta;
        break;
      case 'finish':
        end = { finish: ev.reason, usage: ev.usage };
        break;
      case 'error':
        end = { error: true };
        break;
    }
  }
  for (const b of blocks) if (b.kind === 'tool') b.args = JSON.parse(b.args as string);
  return { start, blocks, end };
}

/** Checks the stream contract: start first, one terminal event last, blocks never interleave. */
function assertWellOrdered(events: IRStreamEvent[]): void {
  // A stream that failed before its first chunk is a lone error.
  if (events.length === 1 && events[0].type === 'error') return;
  expect(events[0]?.type).toBe('start');
  const last = events[events.length - 1];
  expect(['finish', 'error']).toContain(last.type);
  expect(events.filter((e) => e.type === 'finish' || e.type === 'error')).toHaveLength(1);
  let open: string | undefined;
  for (const ev of events) {
    if (ev.type.endsWith('-start') && ev.type !== 'start') {
      expect(open).toBeUndefined();
      open = (ev as { id: string }).id;
    } else if (ev.type.endsWith('-end')) {
      expect((ev as { id: string }).id).toBe(open);
      open = undefined;
    } else if (ev.type.endsWith('-delta')) expect((ev as { id: string }).id).toBe(open);
  }
  expect(open).toBeUndefined();
}

/**
 * What a client can observe. On an error the stream closes at once: a stream that failed before
 * any chunk has no start, and the signature of a trailing reasoning block (still waiting for a
 * part to carry it) is lost with the failed turn.
 */
function foldExpected(events: IRStreamEvent[]) {
  const f = fold(events);
  // Uncounted thoughts come back as the estimate the encoder reports.
  const end = f.end as { usage?: IRUsage } | undefined;
  if (end?.usage) {
    const chars = events.reduce((n, e) => n + (e.type === 'reasoning-delta' ? e.delta.length : 0), 0);
    end.usage = withEstimatedThoughts(end.usage, chars) as IRUsage;
  }
  if (!events.some((e) => e.type === 'error')) return f;
  const last = f.blocks[f.blocks.length - 1];
  if (last?.kind === 'reasoning') delete last.signature;
  return f.blocks.length > 0 ? f : { ...f, start: undefined };
}

function encodeStream(events: IRStreamEvent[], mode: GeminiStreamMode): string {
  const req = { model: 'gemini-x', reasoning: { includeThoughts: true } } as IRRequest;
  const enc = new GeminiStreamEncoder(req, createTestCodecContext(), { mode });
  return events.map((e) => enc.push(e)).join('') + enc.heartbeat() + enc.end();
}

describe('stream round trip', () => {
  it('sse: events → encoder → SSE text → parseSSEText → decoder ≅ events', () => {
    fc.assert(
      fc.property(streamArb, (events) => {
        const text = encodeStream(events, 'sse');
        const dec = new GeminiStreamDecoder(createTestCodecContext());
        const out = [...parseSSEText(text).flatMap((m) => dec.push(m)), ...dec.end()];
        assertWellOrdered(out);
        expect(fold(out)).toEqual(foldExpected(events));
      }),
      { numRuns: 200 },
    );
  });

  it('json-array: the body is one valid JSON array whose elements decode to the same events', () => {
    fc.assert(
      fc.property(streamArb, (events) => {
        const text = encodeStream(events, 'json-array');
        const elements = JSON.parse(text) as unknown[];
        expect(Array.isArray(elements)).toBe(true);
        const dec = new GeminiStreamDecoder(createTestCodecContext());
        const out = [...elements.flatMap((el) => dec.push({ data: JSON.stringify(el) })), ...dec.end()];
        assertWellOrdered(out);
        expect(fold(out)).toEqual(foldExpected(events));
      }),
      { numRuns: 200 },
    );
  });
});
