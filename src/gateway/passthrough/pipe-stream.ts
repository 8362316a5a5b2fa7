// Copies an upstream SSE stream to the client byte for byte, as chunks arrive. The stream is
// parsed once, after each chunk is written, and taps (usage, stored responses) see its frames
// without delaying any byte. While the upstream is silent, protocol
// heartbeats keep the client alive — only at frame boundaries, so no frame is ever split. If the
// upstream fails or ends before its terminal frame, the client gets the protocol's own
// mid-stream error frame and a clean close.
import type { ServerResponse } from 'node:http';
import { GatewayError } from '../../protocols/ir/errors.js';
import { createSSEDecoder } from '../../protocols/sse/parse.js';
import { mapTransportError } from '../../upstream/copilot-client.js';
import type { UpstreamBody } from '../../upstream/upstream-body.js';
import type { Cancellation } from '../../util/cancellation.js';
import { waitDrain } from '../http/drain.js';

/** One parsed SSE frame: `event` is absent for bare `data:` frames. */
export type FrameListener = (event: string | undefined, data: string) => void;

/** A targeted patch of the stream: raw chunks in, whole frames out (reported as it parses them). */
export interface FrameRewriter {
  push(chunk: Buffer, onFrame: FrameListener): string;
  end(onFrame: FrameListener): string;
}

export interface PipeOptions {
  heartbeatMs: number;
  heartbeat: string;
  errorFrame: (err: GatewayError) => string;
  /** Sees every frame of the stream (as sent to the client). */
  onFrame: FrameListener;
  /** Whether the protocol's terminal frame was seen (else the stream was cut). */
  complete: () => boolean;
  cancel: Cancellation;
  rewrite?: FrameRewriter;
}

export async function pipeStream(
  res: ServerResponse,
  body: UpstreamBody,
  options: PipeOptions,
): Promise<void> {
  let lastWrite = Date.now();
  let atBoundary = true;
  const timer =
    options.heartbeat && options.heartbeatMs > 0
      ? setInterval(
          () => {
            if (atBoundary && Date.now() - lastWrite >= options.heartbeatMs && !res.writableEnded) {
              res.write(options.heartbeat);
              lastWrite = Date.now();
            }
          },
          Math.max(50, Math.floor(options.heartbeatMs / 2)),
        )
      : undefined;
  timer?.unref();
  try {
    const { rewrite, onFrame } = options;
    // Without a rewriter the bytes go out untouched and are parsed here, once, for the taps.
    const parser = rewrite ? undefined : createSSEDecoder();
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      lastWrite = Date.now();
      let ok: boolean;
      if (rewrite) {
        const text = rewrite.push(buf, onFrame);
        ok = text ? res.write(text) : true;
        atBoundary = true; // the rewriter emits whole frames only
      } else {
        ok = res.write(buf);
        atBoundary = endsWithBlankLine(buf);
        for (const m of parser!.push(buf)) onFrame(m.event, m.data);
      }
      if (!ok && !res.writableEnded) await waitDrain(res, options.cancel);
    }
    if (rewrite) {
      const tail = rewrite.end(onFrame);
      if (tail) res.write(tail);
    } else {
      for (const m of parser!.end()) onFrame(m.event, m.data);
    }
    if (!options.complete()) {
      throw new GatewayError('upstream', 'The Copilot stream ended before completion', { retryable: true });
    }
    res.end();
  } catch (err) {
    if (options.cancel.aborted || res.destroyed) {
      body.destroy();
      return;
    }
    const gwErr = err instanceof GatewayError ? err : mapTransportError(err);
    res.end((atBoundary ? '' : '\n\n') + options.errorFrame(gwErr));
  } finally {
    if (timer) clearInterval(timer);
  }
}

function endsWithBlankLine(buf: Buffer): boolean {
  const n = buf.length;
  return (
    n >= 2 &&
    buf[n - 1] === 0x0a &&
    (buf[n - 2] === 0x0a || (n >= 4 && buf[n - 2] === 0x0d && buf[n - 3] === 0x0a))
  );
}
