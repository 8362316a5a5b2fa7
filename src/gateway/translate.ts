// The translated path: decode the client's request to the IR, encode it for the Copilot
// endpoint the planner chose, then translate the answer back — streams incrementally, event by
// event (egress SSE → stream decoder → IR events → ingress stream encoder), never buffered.
import type { CodecContext } from '../protocols/ir/codec.js';
import { CustomToolStreamUnwrapper, unwrapCustomToolCalls } from '../protocols/ir/custom-tools.js';
import { GatewayError } from '../protocols/ir/errors.js';
import type { IRRequest, ProtocolId } from '../protocols/ir/types.js';
import { createSSEDecoder } from '../protocols/sse/parse.js';
import { mapTransportError } from '../upstream/copilot-client.js';
import type { CopilotModel, Initiator } from '../upstream/types.js';
import { createCodecContext } from './codec-context.js';
import { EGRESS, INGRESS } from './codecs.js';
import { waitDrain } from './http/drain.js';
import { SSE_HEADERS, sendJson } from './http/respond.js';
import { chargeKeyUsage } from './middleware/key-usage.js';
import type { EgressPlan } from './plan.js';
import type { RequestContext } from './request-context.js';
import { targetModelOf } from './target-model.js';
import { readUpstreamError } from './upstream-error.js';

export interface TranslateArgs {
  ingress: ProtocolId;
  /** The decoded client request (routes decode, so they can adjust model/stream first). */
  ir: IRRequest;
  codecCtx: CodecContext;
  model: CopilotModel;
  plan: EgressPlan;
  initiator: Initiator;
  vision: boolean;
  /** Extra upstream headers (e.g. a reduced anthropic-beta). */
  headers?: Record<string, string>;
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

export async function translateAndForward(rc: RequestContext, args: TranslateArgs): Promise<void> {
  const { ctx, res } = rc;
  const { ir, codecCtx, plan } = args;
  // Only /responses has freeform tools; elsewhere they travel wrapped as {"input": "..."}.
  const wrapsCustomTools = plan.egress !== 'openai-responses' && ir.tools.some((t) => t.kind === 'custom');
  const ingress = INGRESS[args.ingress];
  const egress = EGRESS[plan.egress];
  const upstreamBody = egress.encodeRequest(ir, targetModelOf(args.model), codecCtx);
  for (const w of codecCtx.warnings)
    ctx.log.warn(`${args.ingress} → ${plan.endpoint}: ${w.message}`, { trace: rc.traceId });

  const upstream = await ctx.upstream.send({
    endpoint: plan.endpoint,
    body: upstreamBody,
    traceId: rc.traceId,
    cancel: rc.cancel,
    initiator: args.initiator,
    vision: args.vision,
    headers: { ...args.model.requestHeaders, ...args.headers },
  });
  if (upstream.status < 200 || upstream.status >= 300) throw await readUpstreamError(upstream, plan.egress);

  if (!ir.stream) {
    const text = await upstream.body.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new GatewayError('upstream', `Copilot ${plan.endpoint} returned a body that is not JSON`);
    }
    let response = egress.decodeResponse(json, codecCtx);
    if (wrapsCustomTools) response = unwrapCustomToolCalls(response, ir);
    const out = ingress.encodeResponse(response, ir, codecCtx);
    sendJson(res, 200, out);
    chargeKeyUsage(rc, response.usage);
    args.onComplete?.({ usage: response.usage, encoded: out });
    return;
  }

  const decoder = egress.createStreamDecoder(codecCtx);
  const unwrapper = wrapsCustomTools ? new CustomToolStreamUnwrapper(ir) : undefined;
  const encoder = ingress.createStreamEncoder(ir, codecCtx);
  const sse = createSSEDecoder();
  res.writeHead(200, {
    ...SSE_HEADERS,
    'content-type': args.streamContentType ?? SSE_HEADERS['content-type'],
  });
  res.flushHeaders();

  let lastWrite = Date.now();
  let finished = false;
  let usage: unknown;
  const observer = args.observeOutput;
  let drained = true;
  // Returns false when the client's socket buffer is full: the read loop then waits for 'drain',
  // which in turn pauses the upstream connection (UpstreamBody's flow control).
  const write = (text: string): boolean => {
    if (!text || res.writableEnded) return true;
    const ok = res.write(text);
    observer?.chunk(text);
    lastWrite = Date.now();
    return ok;
  };
  const heartbeatMs = ctx.settings.heartbeatMs;
  const timer =
    heartbeatMs > 0
      ? setInterval(
          () => {
            if (!finished && Date.now() - lastWrite >= heartbeatMs) write(encoder.heartbeat());
          },
          Math.max(50, Math.floor(heartbeatMs / 2)),
        )
      : undefined;
  timer?.unref();

  const emit = (decoded: ReturnType<typeof decoder.push>): boolean => {
    const events = unwrapper ? decoded.flatMap((ev) => unwrapper.push(ev)) : decoded;
    let out = '';
    for (const ev of events) {
      if (ev.type === 'finish') usage = ev.usage;
      out += encoder.push(ev);
      if (ev.type === 'error') {
        finished = true;
        res.end(out);
        return false;
      }
    }
    if (!write(out)) drained = false;
    return true;
  };

  try {
    for await (const chunk of upstream.body) {
      for (const msg of sse.push(chunk as Buffer)) if (!emit(decoder.push(msg))) return;
      if (!drained) {
        await waitDrain(res, rc.cancel);
        drained = true;
      }
    }
    for (const msg of sse.end()) if (!emit(decoder.push(msg))) return;
    if (!emit(decoder.end())) return;
    finished = true;
    const tail = encoder.end();
    res.end(tail);
    if (observer) {
      observer.chunk(tail);
      observer.end();
    }
    chargeKeyUsage(rc, usage);
    args.onComplete?.({ usage });
  } catch (err) {
    finished = true;
    if (rc.cancel.aborted || res.destroyed) {
      upstream.body.destroy();
      return;
    }
    const gwErr = err instanceof GatewayError ? err : mapTransportError(err);
    res.end(encoder.error(gwErr));
  } finally {
    finished = true;
    if (timer) clearInterval(timer);
  }
}
