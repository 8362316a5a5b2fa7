// The native path: the client's protocol is the upstream's, so the response goes back as it
// came — stream bytes copied as they arrive, non-stream bodies forwarded (patched only where
// Copilot deviates from the protocol, e.g. split choices).

import type { GatewayError } from '../../protocols/ir/errors.js';
import type { IRRequest } from '../../protocols/ir/types.js';
import type { CopilotModel, Initiator, UpstreamResponse } from '../../upstream/types.js';
import { createCodecContext } from '../codec-context.js';
import { INGRESS } from '../codecs.js';
import { SSE_HEADERS } from '../http/respond.js';
import { chargeKeyUsage } from '../middleware/key-usage.js';
import type { EgressPlan } from '../plan.js';
import type { RequestContext } from '../request-context.js';
import { readUpstreamError } from '../upstream-error.js';
import { type FrameRewriter, pipeStream } from './pipe-stream.js';
import { createUsageTap, TERMINAL } from './usage-tap.js';

type NativeProtocol = 'openai-chat' | 'anthropic' | 'openai-responses';

export interface ForwardOptions {
  protocol: NativeProtocol;
  stream: boolean;
  model: string;
  /** Patches a non-stream body where Copilot deviates from the protocol. */
  fixBody?: BodyFix;
  /** Sees the response without changing it: stream chunks as they pass, or the parsed body. */
  observe?: ResponseObserver;
  /** A targeted patch of the stream (whole frames in, whole frames out). */
  rewrite?: FrameRewriter;
  /**
   * Heartbeat and mid-stream error frames that continue the upstream's stream. Without it they
   * come from a fresh ingress encoder, which is right for Chat and Anthropic (their keep-alive and
   * error frames carry no stream state) but not for Responses (ids and sequence numbers).
   */
  frames?: { heartbeat(): string; error(err: GatewayError): string };
}

export interface BodyFix {
  /** Cheap test on the raw bytes: is the body worth parsing? */
  applies(raw: Buffer): boolean;
  /** Patches the parsed body in place; returns true when it changed something. */
  fix(body: Record<string, unknown>): boolean;
}

export interface ResponseObserver {
  /** A frame of a streamed answer. */
  frame(event: string | undefined, data: string): void;
  /** A non-stream answer. */
  json(body: Record<string, unknown>): void;
}

export interface NativeRequest {
  plan: EgressPlan;
  model: CopilotModel;
  /** The client's raw body, patched where needed. */
  payload: Buffer | string;
  initiator: Initiator;
  vision: boolean;
  /** Extra upstream headers (merged over the model's own request_headers). */
  headers?: Record<string, string>;
}

/** Sends the (patched) raw body to Copilot and forwards the answer as it comes. */
export async function sendAndForward(
  rc: RequestContext,
  req: NativeRequest,
  options: ForwardOptions,
): Promise<void> {
  const upstream = await rc.ctx.upstream.send({
    endpoint: req.plan.endpoint,
    body: req.payload,
    traceId: rc.traceId,
    cancel: rc.cancel,
    initiator: req.initiator,
    vision: req.vision,
    headers: req.headers ? { ...req.model.requestHeaders, ...req.headers } : req.model.requestHeaders,
  });
  await forwardNative(rc, upstream, options);
}

export async function forwardNative(
  rc: RequestContext,
  upstream: UpstreamResponse,
  options: ForwardOptions,
): Promise<void> {
  if (upstream.status < 200 || upstream.status >= 300)
    throw await readUpstreamError(upstream, options.protocol);
  const { res } = rc;
  const contentType = String(upstream.headers['content-type'] ?? '');
  if (options.stream && contentType.includes('event-stream')) {
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    const encoder = () =>
      INGRESS[options.protocol].createStreamEncoder(minimalRequest(options.model), createCodecContext());
    const usageTap = createUsageTap(TERMINAL[options.protocol]);
    const observer = options.observe;
    await pipeStream(res, upstream.body, {
      heartbeatMs: rc.ctx.settings.heartbeatMs,
      heartbeat: options.frames ? options.frames.heartbeat() : encoder().heartbeat(),
      errorFrame: (err: GatewayError) => (options.frames ? options.frames.error(err) : encoder().error(err)),
      onFrame: observer
        ? (event, data) => {
            usageTap.frame(event, data);
            observer.frame(event, data);
          }
        : usageTap.frame,
      complete: usageTap.complete,
      cancel: rc.cancel,
      rewrite: options.rewrite,
    });
    logDone(rc, upstream, usageTap.usage());
    return;
  }
  const raw = await upstream.body.buffer();
  let out: Buffer | string = raw;
  let usage: unknown;
  // Parse only when someone needs the body: the common case forwards the bytes untouched.
  const fix = options.fixBody?.applies(raw) ? options.fixBody : undefined;
  if (fix || options.observe || rc.ctx.log.verbose || rc.auth?.key?.limits.tpm !== undefined) {
    try {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      usage = body.usage;
      if (fix?.fix(body)) out = JSON.stringify(body);
      options.observe?.json(body);
    } catch {
      // not JSON: forward as it came
    }
  }
  res.writeHead(200, {
    'content-type': contentType || 'application/json',
    'content-length': Buffer.byteLength(out),
  });
  res.end(out);
  logDone(rc, upstream, usage);
}

function logDone(rc: RequestContext, upstream: UpstreamResponse, usage: unknown): void {
  chargeKeyUsage(rc, usage);
  if (!rc.ctx.log.verbose) return;
  rc.ctx.log.debug(`${rc.path} done`, { trace: rc.traceId, attempts: upstream.attempts, usage });
}

function minimalRequest(model: string): IRRequest {
  return { model, system: [], messages: [], tools: [], stream: true };
}
