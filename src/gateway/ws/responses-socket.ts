// One Responses WebSocket connection (Codex's `supports_websockets`, OpenAI's "WebSocket mode"):
// `response.create` messages in, the same events as the HTTP stream out, one turn at a time.
// Each turn is one request of the one inference pipeline (guard, model resolution, planning,
// passthrough or translation, the outcome record), written through a WsTurnResponse instead of
// an HTTP response; upstream stays HTTP. `previous_response_id` resolves against this
// connection's own recent responses (store:false is what WebSocket clients send), then the
// gateway's store. Errors before a turn's stream are `error` events; a bad message is answered
// with one and the connection stays usable. Heartbeats are WebSocket pings.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { GatewayError } from '../../errors/gateway-error.js';
import { Cancellation } from '../../util/cancellation.js';
import { extend } from '../../util/extend.js';
import type { GatewayContext } from '../context.js';
import { guardRequest } from '../middleware/guard.js';
import { runInference } from '../pipeline/handler.js';
import { RequestOutcome } from '../pipeline/request-outcome.js';
import { encodeErrorFor } from '../protocol-errors.js';
import type { RequestContext } from '../request-context.js';
import { expandPreviousResponse, inputItems } from '../responses-chain.js';
import { responsesAdapter } from '../routes/responses.js';
import { ConnectionResponses } from './connection-responses.js';
import { WsTurnResponse } from './ws-turn-response.js';

type Json = Record<string, unknown>;

/** The message types a client may send; anything else is answered with an error event. */
const CREATE = 'response.create';
/** Codex acknowledges each finished response; nothing to do. */
const PROCESSED = 'response.processed';
const TERMINAL = /"type":\s*"response\.(completed|incomplete)"/;

/** The `error` event of WebSocket mode: the HTTP status and the error object of the HTTP body. */
export function errorEvent(err: GatewayError): Json {
  const encoded = encodeErrorFor('openai-responses', err);
  const body = encoded.body as Json;
  const event: Json = { type: 'error', status: encoded.status, error: body.error ?? body };
  if (Object.keys(encoded.headers).length > 0) event.headers = encoded.headers;
  return event;
}

export class ResponsesSocket {
  private busy = false;
  private readonly responses = new ConnectionResponses();
  private heartbeat: NodeJS.Timeout | undefined;
  private alive = true;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly ws: WebSocket,
    private readonly req: IncomingMessage,
    private readonly path: string,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (err) => ctx.log.debug(`websocket ${path}: ${err.message}`));
    ws.once('close', () => this.stopHeartbeat());
    const every = ctx.settings.heartbeatMs;
    if (every > 0) {
      this.heartbeat = setInterval(() => this.beat(), every);
      this.heartbeat.unref();
    }
  }

  close(code: number, reason: string): void {
    this.stopHeartbeat();
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.stopHeartbeat();
    this.ws.terminate();
  }

  private beat(): void {
    // A peer that did not answer the last ping is gone: free its socket.
    if (!this.alive) {
      this.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private sendError(err: GatewayError): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(errorEvent(err)));
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const message = isBinary ? undefined : parseMessage(data);
    if (!message) {
      this.sendError(
        GatewayError.invalid(
          'Each message must be a JSON object sent as text, e.g. {"type":"response.create","model":"…","input":[…]}',
          { code: 'invalid_message' },
        ),
      );
      return;
    }
    if (message.type === PROCESSED) return;
    if (message.type !== CREATE) {
      this.sendError(
        GatewayError.invalid(
          `Unknown message type ${JSON.stringify(message.type ?? null).slice(0, 80)}; send "response.create"`,
          { param: 'type', code: 'unknown_message_type' },
        ),
      );
      return;
    }
    if (this.busy) {
      this.sendError(
        GatewayError.invalid(
          'A response is already in progress on this connection; wait for its response.completed or open another connection',
          { code: 'response_in_progress' },
        ),
      );
      return;
    }
    this.busy = true;
    // A running turn counts in ctx.load.inflight, so the drain waits for it.
    this.turn(message)
      .catch((err) => this.ctx.log.error(`WS ${this.path}: ${(err as Error).stack ?? err}`))
      .finally(() => {
        this.busy = false;
      });
  }

  /** One response.create: one request of the inference pipeline, with one outcome record. */
  private async turn(message: Json): Promise<void> {
    const { ctx } = this;
    const traceId = randomUUID();
    const outcome = new RequestOutcome(Date.now(), 'openai-responses');
    outcome.transport = 'ws';
    outcome.stream = true;
    const cancel = new Cancellation();
    const { type: _type, generate, stream: _stream, ...rest } = message;
    // WebSocket mode always streams: its events are the HTTP stream's.
    const body: Json = extend(rest, { stream: true });
    let fullInput: unknown[] = [];
    const res = new WsTurnResponse(this.ws, {
      onEvent: (data) => this.keep(data, fullInput, rc),
    });
    res.on('close', () => {
      if (!res.writableFinished)
        cancel.abort(new GatewayError('api', 'The client closed the connection', { status: 499 }));
    });
    const rc: RequestContext = {
      ctx,
      req: this.req,
      // The pipeline's response surface (writeHead, write, end, drain and close events), sent as
      // WebSocket messages; see ws-turn-response.ts.
      res: res as unknown as ServerResponse,
      path: this.path,
      query: new URLSearchParams(),
      traceId,
      protocol: 'openai-responses',
      cancel,
      params: {},
      outcome,
    };
    let release = noop;
    let errorKind: string | undefined;
    let status: number | undefined;
    ctx.load.inflight++;
    try {
      release = await guardRequest(rc, 'inference');
      rc.keyId = rc.auth?.key?.id;
      await this.expandChain(body);
      fullInput = inputItems(body.input);
      if (generate === false) {
        this.warmUp(res, body);
        return;
      }
      rc.body = Buffer.from(JSON.stringify(body));
      await runInference(rc, responsesAdapter);
    } catch (err) {
      const gwErr = GatewayError.from(err);
      if (gwErr.status === 499 || cancel.aborted) {
        errorKind = 'client_abort';
        if (!res.headersSent) status = 499;
      } else {
        errorKind = gwErr.kind;
        if (gwErr.kind === 'api')
          ctx.log.error(`WS ${this.path} failed: ${(gwErr.cause as Error)?.stack ?? gwErr.message}`, {
            trace: traceId,
          });
        else ctx.log.info(`WS ${this.path} → ${gwErr.status} ${gwErr.message}`, { trace: traceId });
        if (!res.headersSent) {
          status = gwErr.status;
          res.sendJson(errorEvent(gwErr));
        }
      }
    } finally {
      if (!res.writableEnded) res.destroy();
      ctx.load.inflight--;
      release();
      cancel.end();
      ctx.outcomes.emit(
        outcome.build({
          traceId,
          method: 'WS',
          path: this.path,
          status: status ?? res.statusCode,
          errorKind,
          keyId: rc.keyId,
          accountId: rc.accountId,
        }),
      );
    }
  }

  /** previous_response_id: this connection's responses first, then the gateway's store. */
  private async expandChain(body: Json): Promise<void> {
    const id = body.previous_response_id;
    if (id === undefined || id === null) return;
    const repo = this.responses.has(id) ? this.responses : this.ctx.responses;
    await expandPreviousResponse(body, repo, this.ctx.settings.responseStore.ttlSec);
  }

  /** A finished response of this connection, kept for the next turn's previous_response_id. */
  private keep(data: string, input: unknown[], rc: RequestContext): void {
    // Only the terminal event is parsed (a cheap test on every other one).
    if (!TERMINAL.test(data)) return;
    let event: Json;
    try {
      event = JSON.parse(data) as Json;
    } catch {
      return;
    }
    if (event.type !== 'response.completed' && event.type !== 'response.incomplete') return;
    const response = event.response as Json | undefined;
    if (!response || typeof response.id !== 'string' || !Array.isArray(response.output)) return;
    void this.responses.put({
      id: response.id,
      model: String(response.model ?? rc.outcome.resolvedModel ?? ''),
      input,
      output: response.output,
      accountId: rc.accountId,
    });
  }

  /**
   * `generate: false`: the client prepares the next turn (instructions, tools, input) without a
   * model call. The answer is an empty completed response whose id the next turn can chain to.
   */
  private warmUp(res: WsTurnResponse, body: Json): void {
    const response: Json = {
      id: `resp_${randomUUID().replace(/-/g, '')}`,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      model: body.model,
      status: 'completed',
      output: [],
      usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    };
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.sendJson({
      type: 'response.created',
      sequence_number: 0,
      response: { ...response, status: 'in_progress' },
    });
    // Kept by keep() like any completed response: the next turn chains to its id.
    res.sendJson({ type: 'response.completed', sequence_number: 1, response });
    res.end();
  }
}

function parseMessage(data: RawData): Json | undefined {
  try {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString();
    const value = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

function noop(): void {}
