// The translated path: the decoded client request (IR) is encoded for the Copilot endpoint the
// planner chose, then the answer is translated back — streams incrementally, event by event
// (egress SSE → stream decoder → IR events → ingress stream encoder), never buffered, written
// through the one client-stream writer.

import { GatewayError } from '../../errors/gateway-error.js';
import type { CodecContext } from '../../protocols/ir/codec.js';
import { CustomToolStreamUnwrapper, unwrapCustomToolCalls } from '../../protocols/ir/custom-tools.js';
import type { IRRequest, IRStreamEvent, IRUsage, ProtocolId } from '../../protocols/ir/types.js';
import { createSSEDecoder } from '../../protocols/sse/parse.js';
import type { UpstreamResponse } from '../../upstream/types.js';
import { createCodecContext } from '../codec-context.js';
import { EGRESS, INGRESS } from '../codecs.js';
import { sendJson } from '../http/respond.js';
import type { RequestContext } from '../request-context.js';
import type { EgressPlan } from './plan.js';
import { pumpUpstream } from './stream-pump.js';
import { ClientStreamWriter } from './stream-writer.js';

export interface TranslateOptions {
  /** Content type of the streamed answer (Gemini's JSON-array stream is not SSE). */
  streamContentType?: string;
  /** Called when the answer is complete: the usage, and for non-stream the encoded body. */
  onComplete?: (summary: { usage?: unknown; encoded?: unknown }) => void;
  /** Sees the client-bound stream text as it is written (e.g. to capture the final response). */
  observeOutput?: { chunk(text: string): void; end(): void };
}

export function decodeIngress(ingress: ProtocolId, body: unknown): { ir: IRRequest; codecCtx: CodecContext } {
  const codecCtx = createCodecContext();
  return { ir: INGRESS[ingress].decodeRequest(body, codecCtx), codecCtx };
}

/** Only /responses has freeform tools; elsewhere they travel wrapped as {"input": "..."}. */
export function wrapsCustomTools(plan: EgressPlan, ir: IRRequest): boolean {
  return plan.egress !== 'openai-responses' && ir.tools.some((t) => t.kind === 'custom');
}

export async function translateAnswer(
  rc: RequestContext,
  upstream: UpstreamResponse,
  args: { ingress: ProtocolId; ir: IRRequest; codecCtx: CodecContext; plan: EgressPlan },
  options: TranslateOptions,
): Promise<void> {
  const { ir, codecCtx, plan } = args;
  const ingress = INGRESS[args.ingress];
  const egress = EGRESS[plan.egress];
  const unwrap = wrapsCustomTools(plan, ir);

  if (!ir.stream) {
    const text = await upstream.body.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new GatewayError('upstream', `Copilot ${plan.endpoint} returned a body that is not JSON`);
    }
    let response = egress.decodeResponse(json, codecCtx);
    if (unwrap) response = unwrapCustomToolCalls(response, ir);
    const out = ingress.encodeResponse(response, ir, codecCtx);
    rc.outcome.setUsage(response.usage);
    rc.outcome.markFirstByte();
    sendJson(rc.res, 200, out);
    options.onComplete?.({ usage: response.usage, encoded: out });
    return;
  }

  const decoder = egress.createStreamDecoder(codecCtx);
  const unwrapper = unwrap ? new CustomToolStreamUnwrapper(ir) : undefined;
  const encoder = ingress.createStreamEncoder(ir, codecCtx);
  const sse = createSSEDecoder();
  const observer = options.observeOutput;
  const writer = new ClientStreamWriter(rc.res, {
    heartbeatMs: rc.ctx.settings.heartbeatMs,
    frames: encoder,
    cancel: rc.cancel,
    contentType: options.streamContentType,
    onOpen: () => rc.outcome.markFirstByte(),
  });
  writer.open();
  let usage: IRUsage | undefined;

  // Encodes decoded events; false once an error event has ended the stream.
  const emit = (decoded: IRStreamEvent[]): boolean => {
    const events = unwrapper ? decoded.flatMap((ev) => unwrapper.push(ev)) : decoded;
    let out = '';
    for (const ev of events) {
      if (ev.type === 'finish') usage = ev.usage;
      out += encoder.push(ev);
      if (ev.type === 'error') {
        writer.fail(ev.error, out);
        return false;
      }
    }
    if (out) {
      writer.write(out);
      observer?.chunk(out);
    }
    return true;
  };

  await pumpUpstream(rc, upstream, writer, {
    chunk(buf) {
      for (const msg of sse.push(buf)) if (!emit(decoder.push(msg))) return false;
      return true;
    },
    end() {
      for (const msg of sse.end()) if (!emit(decoder.push(msg))) return true;
      emit(decoder.end());
      return true;
    },
    tail() {
      const tail = encoder.end();
      if (observer) {
        observer.chunk(tail);
        observer.end();
      }
      rc.outcome.setUsage(usage);
      options.onComplete?.({ usage });
      return tail;
    },
  });
}
