// The one writer of a client-bound stream, for the passthrough and the translated path alike.
// Its state is explicit (like the codecs' stream classes): when the last byte went out, whether
// the stream stands at a frame boundary, whether it has ended and how. It owns the heartbeat
// timer (keep-alive frames only at frame boundaries, so no frame is ever split), backpressure
// (a full socket buffer pauses the reader, which pauses the upstream), the mid-stream error frame,
// and it reports the first byte and the end to the request's outcome.
import type { GatewayError } from '../../errors/gateway-error.js';
import type { Cancellation } from '../../util/cancellation.js';
import { extend } from '../../util/extend.js';
import { waitDrain } from '../http/drain.js';
import { SSE_HEADERS } from '../http/respond.js';

/**
 * Where a client-bound stream goes: an HTTP response (ServerResponse is one), or a Responses
 * WebSocket turn (ws/ws-turn-response.ts), which sends each SSE frame's data as a text message.
 */
export interface ClientSink {
  writeHead(status: number, headers: Record<string, string>): unknown;
  flushHeaders(): void;
  write(data: string | Buffer): boolean;
  end(data?: string | Buffer): unknown;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/** The protocol frames the writer itself may have to emit. */
export interface StreamFrames {
  /** A keep-alive frame ('' when the protocol has none). */
  heartbeat(): string;
  /** The mid-stream error frame, and whatever the protocol needs to close cleanly. */
  error(err: GatewayError): string;
}

export interface StreamWriterOptions {
  heartbeatMs: number;
  frames: StreamFrames;
  cancel: Cancellation;
  /** Overrides the SSE content type (Gemini's JSON-array stream). */
  contentType?: string;
  /** Called once, when the headers go out. */
  onOpen?: () => void;
}

/** How a stream ended: completed, failed with an error frame, or abandoned by the client. */
export type StreamEnd = 'complete' | 'error' | 'client_abort';

export interface StreamWriterState {
  lastWriteAt: number;
  /** Whether everything written so far ends on a frame boundary. */
  atBoundary: boolean;
  /** Whether the last write filled the socket buffer (the reader should wait for drain). */
  blocked: boolean;
  ended?: StreamEnd;
  /** The error the stream ended with (a mid-stream error frame was written). */
  error?: GatewayError;
  bytes: number;
}

export class ClientStreamWriter {
  readonly state: StreamWriterState = { lastWriteAt: 0, atBoundary: true, blocked: false, bytes: 0 };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly res: ClientSink,
    private readonly options: StreamWriterOptions,
  ) {}

  /** Sends the 200 and the stream headers at once, and starts the heartbeat. */
  open(): void {
    const contentType = this.options.contentType;
    this.res.writeHead(200, contentType ? extend(SSE_HEADERS, { 'content-type': contentType }) : SSE_HEADERS);
    this.res.flushHeaders();
    this.state.lastWriteAt = Date.now();
    this.options.onOpen?.();
    const every = this.options.heartbeatMs;
    if (every > 0) {
      this.timer = setInterval(() => this.beat(), Math.max(50, Math.floor(every / 2)));
      this.timer.unref();
    }
  }

  /**
   * Writes wire text or bytes. `atBoundary` says whether the data ends on a frame boundary (a
   * heartbeat may follow it). Returns false when the socket buffer is full.
   */
  write(data: string | Buffer, atBoundary = true): boolean {
    if (this.state.ended || this.res.writableEnded) return true;
    this.state.atBoundary = atBoundary;
    if (data.length === 0) return true;
    this.state.lastWriteAt = Date.now();
    this.state.bytes += data.length;
    const ok = this.res.write(data);
    if (!ok) this.state.blocked = true;
    return ok;
  }

  /** Waits for the client's socket to drain when the last write filled it. */
  async drain(): Promise<void> {
    if (!this.state.blocked) return;
    this.state.blocked = false;
    if (!this.res.writableEnded) await waitDrain(this.res, this.options.cancel);
  }

  /** Ends the stream normally with its terminal frames. */
  end(tail = ''): void {
    if (this.state.ended) return;
    this.finish('complete');
    this.state.bytes += tail.length;
    this.res.end(tail);
  }

  /** Ends the stream with the protocol's error frame (closing a frame left open first). */
  fail(err: GatewayError, frame = this.options.frames.error(err)): void {
    if (this.state.ended) return;
    this.state.error = err;
    const text = (this.state.atBoundary ? '' : '\n\n') + frame;
    this.finish('error');
    this.res.end(text);
  }

  /** The client went away: nothing more is written. */
  abandon(): void {
    if (this.state.ended) return;
    this.finish('client_abort');
  }

  /** Whether the client is gone (cancelled or its socket destroyed). */
  get clientGone(): boolean {
    return this.options.cancel.aborted || this.res.destroyed;
  }

  private beat(): void {
    const { state } = this;
    if (state.ended || !state.atBoundary || this.res.writableEnded) return;
    if (Date.now() - state.lastWriteAt < this.options.heartbeatMs) return;
    const frame = this.options.frames.heartbeat();
    if (!frame) return;
    this.res.write(frame);
    state.lastWriteAt = Date.now();
  }

  private finish(how: StreamEnd): void {
    this.state.ended = how;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
