// One turn of a Responses WebSocket, seen by the pipeline as its response: the one inference
// pipeline writes SSE (passthrough bytes or the translated encoder's frames) through the
// ClientStreamWriter, and this sink sends each frame's data as one WebSocket text message (the
// WebSocket mode of the Responses API carries the same events as the HTTP stream, one JSON object
// a message). SSE comments (the passthrough keep-alive) carry no event and send nothing; the
// connection pings at the WebSocket level instead. A JSON answer (an upstream that did not
// stream) becomes its `response.completed` event; an error body becomes an `error` event.
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { createSSEDecoder, type SSEDecoder } from '../../protocols/sse/parse.js';
import type { ClientSink } from '../pipeline/stream-writer.js';

/** Above this many bytes queued on the socket, write() asks the pump to wait for 'drain'. */
const HIGH_WATER = 256 * 1024;

export interface TurnSinkOptions {
  /** Sees every event's JSON text as it is sent, e.g. to keep the response for previous_response_id. */
  onEvent?: (data: string) => void;
}

export class WsTurnResponse extends EventEmitter implements ClientSink {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  writableFinished = false;
  private readonly decoder: SSEDecoder = createSSEDecoder();
  private contentType = '';
  private body = '';
  private pending = 0;
  private waiting = false;
  private readonly headers = new Map<string, unknown>();

  constructor(
    private readonly ws: WebSocket,
    private readonly options: TurnSinkOptions = {},
  ) {
    super();
    ws.once('close', this.onClose);
  }

  get destroyed(): boolean {
    return this.ws.readyState !== this.ws.OPEN;
  }

  /** Headers have no wire on a WebSocket turn; kept so CORS and the guard can set them. */
  setHeader(name: string, value: unknown): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  appendHeader(name: string, value: unknown): this {
    return this.setHeader(name, value);
  }

  getHeader(name: string): unknown {
    return this.headers.get(name.toLowerCase());
  }

  writeHead(status: number, headers: Record<string, string | number> = {}): this {
    this.statusCode = status;
    this.headersSent = true;
    const type = headers['content-type'] ?? headers['Content-Type'];
    this.contentType = typeof type === 'string' ? type : '';
    return this;
  }

  flushHeaders(): void {}

  write(data: string | Buffer): boolean {
    if (this.writableEnded) return true;
    if (!this.headersSent) this.writeHead(200, { 'content-type': 'text/event-stream' });
    if (!this.contentType.includes('event-stream')) {
      this.body += typeof data === 'string' ? data : data.toString('utf8');
      return true;
    }
    for (const m of this.decoder.push(data)) this.sendEvent(m.data);
    if (this.ws.bufferedAmount < HIGH_WATER) return true;
    this.waiting = true;
    // Nothing of ours is in flight (the queue is another turn's): the wait ends at once.
    if (this.pending === 0) setImmediate(() => this.emit('drain'));
    return false;
  }

  end(data?: string | Buffer): this {
    if (this.writableEnded) return this;
    if (data !== undefined && data.length > 0) this.write(data);
    if (this.contentType.includes('event-stream')) {
      for (const m of this.decoder.end()) this.sendEvent(m.data);
    } else this.sendBody();
    this.writableEnded = true;
    this.writableFinished = true;
    this.ws.off('close', this.onClose);
    this.emit('finish');
    return this;
  }

  destroy(): this {
    this.writableEnded = true;
    this.ws.off('close', this.onClose);
    this.emit('close');
    return this;
  }

  /** An event the turn runner composes itself (errors before the stream, warm-ups). */
  sendJson(event: Record<string, unknown>): void {
    this.sendEvent(JSON.stringify(event));
  }

  private sendEvent(data: string): void {
    if (data === '[DONE]' || this.destroyed) return;
    this.options.onEvent?.(data);
    this.pending++;
    this.ws.send(data, () => {
      this.pending--;
      if (this.waiting && this.pending === 0) {
        this.waiting = false;
        this.emit('drain');
      }
    });
    if (this.ws.bufferedAmount >= HIGH_WATER) this.waiting = true;
  }

  /** A one-piece body: an error becomes an `error` event, an answer its `response.completed`. */
  private sendBody(): void {
    let parsed: Record<string, unknown> | undefined;
    try {
      const value = JSON.parse(this.body);
      if (value && typeof value === 'object' && !Array.isArray(value))
        parsed = value as Record<string, unknown>;
    } catch {
      // handled below
    }
    if (this.statusCode >= 400 || !parsed) {
      const error = (parsed?.error as Record<string, unknown> | undefined) ?? {
        type: 'api_error',
        message: this.body.slice(0, 500) || 'The gateway could not answer this turn',
      };
      this.sendJson({ type: 'error', status: this.statusCode >= 400 ? this.statusCode : 502, error });
      return;
    }
    this.sendJson({ type: 'response.completed', response: parsed });
  }

  private readonly onClose = (): void => {
    this.emit('close');
  };
}
