// The native path: the client's protocol is the upstream's, so the response goes back as it
// came — stream bytes copied as they arrive (through the one client-stream writer), non-stream
// bodies forwarded (patched only where Copilot deviates from the protocol, e.g. split choices).
// The stream is parsed once, after each chunk is written; taps (usage, stored responses) see its
// frames without delaying any byte. If the upstream fails or ends before its terminal frame, the
// client gets the protocol's own mid-stream error frame and a clean close.
import { GatewayError } from '../../errors/gateway-error.js';
import type { IRRequest } from '../../protocols/ir/types.js';
import type { UpstreamResponse } from '../../upstream/types.js';
import { createCodecContext } from '../codec-context.js';
import { INGRESS } from '../codecs.js';
import { pumpUpstream } from '../pipeline/stream-pump.js';
import { ClientStreamWriter, type StreamFrames } from '../pipeline/stream-writer.js';
import { type NativeProtocol, usageFromWire, usageOfBody } from '../pipeline/usage.js';
import type { RequestContext } from '../request-context.js';
import { readUpstreamError } from '../upstream-error.js';
import { endsWithBlankLine, type FrameListener, FrameTap } from './frame-tap.js';
import { createUsageTap, SIGNIFICANT, TERMINAL } from './usage-tap.js';

export type { FrameListener };

/** A targeted patch of the stream: raw chunks in, whole frames out (reported as it parses them). */
export interface FrameRewriter {
  /** Whole frames out: text, or the upstream's own bytes when nothing in them changed. */
  push(chunk: Buffer, onFrame: FrameListener): string | Buffer;
  end(onFrame: FrameListener): string | Buffer;
}

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
   * Heartbeat and mid-stream error frames that continue the upstream's stream. Without them they
   * come from a fresh ingress encoder, which is right for Chat and Anthropic (their keep-alive and
   * error frames carry no stream state) but not for Responses (ids and sequence numbers).
   */
  frames?: StreamFrames;
  /** The account's other chat model ids, named when Copilot says the model has no endpoint. */
  listModels?: () => Promise<string[]>;
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

export async function forwardNative(
  rc: RequestContext,
  upstream: UpstreamResponse,
  options: ForwardOptions,
): Promise<void> {
  if (upstream.status < 200 || upstream.status >= 300)
    throw await readUpstreamError(upstream, options.protocol, options.listModels);
  const contentType = String(upstream.headers['content-type'] ?? '');
  if (options.stream && contentType.includes('event-stream')) {
    await forwardStream(rc, upstream, options);
    return;
  }
  const raw = await upstream.body.buffer();
  // O(1): a JSON object that was cut short does not end with "}"; forwarding it would hand the
  // client a 200 it cannot parse.
  if (contentType.includes('json') && !endsWithBrace(raw)) {
    throw new GatewayError(
      'upstream',
      `Copilot ${rc.path} returned a truncated JSON body; retry the request`,
    );
  }
  let out: Buffer | string = raw;
  // Parse only when someone needs the body: the common case forwards the bytes untouched.
  const fix = options.fixBody?.applies(raw) ? options.fixBody : undefined;
  if (fix || options.observe) {
    try {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      if (fix?.fix(body)) out = JSON.stringify(body);
      options.observe?.json(body);
    } catch {
      // not JSON: forward as it came
    }
  }
  rc.outcome.setUsage(usageOfBody(options.protocol, raw));
  rc.outcome.markFirstByte();
  rc.res.writeHead(200, {
    'content-type': contentType || 'application/json',
    'content-length': Buffer.byteLength(out),
  });
  rc.res.end(out);
}

function endsWithBrace(raw: Buffer): boolean {
  let i = raw.length - 1;
  while (i >= 0 && (raw[i] === 0x20 || raw[i] === 0x0a || raw[i] === 0x0d || raw[i] === 0x09)) i--;
  return i >= 0 && raw[i] === 0x7d;
}

async function forwardStream(rc: RequestContext, upstream: UpstreamResponse, options: ForwardOptions) {
  const frames = options.frames ?? freshEncoderFrames(options.protocol, options.model);
  const writer = new ClientStreamWriter(rc.res, {
    heartbeatMs: rc.ctx.settings.heartbeatMs,
    frames,
    cancel: rc.cancel,
    onOpen: () => rc.outcome.markFirstByte(),
  });
  writer.open();
  const tap = createUsageTap(TERMINAL[options.protocol]);
  const observer = options.observe;
  const onFrame: FrameListener = observer
    ? (event, data) => {
        tap.frame(event, data);
        observer.frame(event, data);
      }
    : tap.frame;
  const { rewrite } = options;
  // Without a rewriter the bytes go out untouched and are parsed here, once, for the taps; with
  // the usage tap alone, chunks holding nothing it looks for are not decoded at all.
  const parser = rewrite
    ? undefined
    : new FrameTap(onFrame, observer ? undefined : SIGNIFICANT[options.protocol]);
  await pumpUpstream(rc, upstream, writer, {
    chunk(buf) {
      if (rewrite) {
        writer.write(rewrite.push(buf, onFrame)); // the rewriter emits whole frames only
        return true;
      }
      const atBoundary = endsWithBlankLine(buf);
      writer.write(buf, atBoundary);
      parser!.push(buf, atBoundary);
      return true;
    },
    end() {
      if (rewrite) writer.write(rewrite.end(onFrame));
      else parser!.end();
      return tap.complete();
    },
  });
  rc.outcome.setUsage(usageFromWire(options.protocol, tap.usage(), tap.copilotUsage()));
}

/** Chat's and Anthropic's keep-alive and error frames carry no stream state. */
function freshEncoderFrames(protocol: NativeProtocol, model: string): StreamFrames {
  const encoder = () => INGRESS[protocol].createStreamEncoder(minimalRequest(model), createCodecContext());
  // Built when first needed: most streams end before their first heartbeat.
  let heartbeat: string | undefined;
  return {
    heartbeat: () => (heartbeat ??= encoder().heartbeat()),
    error: (err: GatewayError) => encoder().error(err),
  };
}

function minimalRequest(model: string): IRRequest {
  return { model, system: [], messages: [], tools: [], stream: true };
}
