// The read loop shared by the passthrough and the translated stream: upstream chunks in, through a
// sink that turns them into client-bound writes on the ClientStreamWriter, waiting for the client
// to drain between chunks (backpressure reaches the upstream connection through UpstreamBody's
// flow control). It decides how the stream ends and records that on the request's outcome.
import { GatewayError } from '../../errors/gateway-error.js';
import { mapTransportError } from '../../upstream/copilot-client.js';
import type { UpstreamResponse } from '../../upstream/types.js';
import type { RequestContext } from '../request-context.js';
import type { ClientStreamWriter } from './stream-writer.js';

export interface StreamSink {
  /** Handles one upstream chunk; returns false when the stream is over (the writer has ended). */
  chunk(buf: Buffer): boolean;
  /** The upstream ended: flushes what remains; returns whether the answer was complete. */
  end(): boolean;
  /** The terminal frames written on a normal end. */
  tail?(): string;
}

export async function pumpUpstream(
  rc: RequestContext,
  upstream: UpstreamResponse,
  writer: ClientStreamWriter,
  sink: StreamSink,
): Promise<void> {
  try {
    for await (const chunk of upstream.body) {
      if (!sink.chunk(chunk as Buffer)) return;
      // Only a full socket is waited for: an await per chunk would be a promise per frame.
      if (writer.state.blocked) await writer.drain();
    }
    const complete = sink.end();
    if (writer.state.ended) return;
    if (!complete) {
      throw new GatewayError('upstream', 'The Copilot stream ended before completion', { retryable: true });
    }
    writer.end(sink.tail?.() ?? '');
  } catch (err) {
    if (writer.clientGone) {
      upstream.body.destroy();
      writer.abandon();
      return;
    }
    writer.fail(err instanceof GatewayError ? err : mapTransportError(err));
  } finally {
    // Whatever ended the stream, the client saw a 200: the outcome says how it really went.
    const { ended, error } = writer.state;
    if (ended === 'client_abort' || (ended === undefined && writer.clientGone))
      rc.outcome.errorKind = 'client_abort';
    else if (ended === 'error') rc.outcome.errorKind = error ? `stream_error:${error.kind}` : 'stream_error';
    if (ended === undefined) writer.abandon();
  }
}
