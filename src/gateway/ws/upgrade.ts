// The WebSocket front door: upgrades of /v1/responses (and /responses) become Responses
// WebSocket connections (./responses-socket.ts); every other upgrade is refused. The upgrade
// request passes the same rules as an HTTP request before it is accepted: the Host allow-list,
// the forged-browser refusal (a web page's WebSocket carries its Origin) and authentication;
// a refusal is an HTTP answer in the OpenAI error shape, and an outcome record. Per-key limits,
// budgets, --manual and the pacer are applied to each turn (each is a request). On shutdown the
// drain stops new upgrades, lets running turns finish, then closes the connections (1001).
// The `ws` library is loaded by the first upgrade that passes those rules: a gateway no
// WebSocket client talks to does not carry it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { GatewayError } from '../../errors/gateway-error.js';
import { Cancellation } from '../../util/cancellation.js';
import type { GatewayContext } from '../context.js';
import { authenticate } from '../middleware/authenticate.js';
import { checkBrowserRequest } from '../middleware/browser-guard.js';
import { checkHost } from '../middleware/guard.js';
import { RequestOutcome } from '../pipeline/request-outcome.js';
import { encodeErrorFor } from '../protocol-errors.js';
import type { RequestContext } from '../request-context.js';
import { ResponsesSocket } from './responses-socket.js';

const PATHS = new Set(['/v1/responses', '/responses']);
/** How long a closing connection gets for its close handshake before its socket is cut. */
const CLOSE_GRACE_MS = 1000;

export interface ResponsesSockets {
  /** Refuses new upgrades (503) from now on. */
  stopAccepting(): void;
  /** Closes every connection (1001 going away), cutting those that do not answer in a second. */
  closeAll(): void;
  /** Open connections. */
  readonly open: number;
}

export function attachResponsesWebSocket(ctx: GatewayContext, server: Server): ResponsesSockets {
  let wss: Promise<WebSocketServer> | undefined;
  const webSocketServer = () =>
    (wss ??= import('ws').then(
      ({ WebSocketServer }) =>
        new WebSocketServer({
          noServer: true,
          maxPayload: ctx.settings.maxBodyBytes,
          // Codex offers permessage-deflate; compressing every event costs CPU for loopback clients.
          perMessageDeflate: false,
        }),
    ));
  const open = new Set<ResponsesSocket>();
  let accepting = true;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const startedAt = Date.now();
    socket.on('error', (err) => ctx.log.debug(`websocket upgrade: ${err.message}`));
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const refuse = (err: GatewayError) => {
      refuseUpgrade(socket, err);
      ctx.log.info(`WS ${path} → ${err.status} ${err.message}`);
      const outcome = new RequestOutcome(startedAt, PATHS.has(path) ? 'openai-responses' : 'other');
      outcome.transport = 'ws';
      ctx.outcomes.emit(
        outcome.build({
          traceId: randomUUID(),
          method: 'GET',
          path,
          status: err.status,
          errorKind: err.kind,
        }),
      );
    };
    if (!PATHS.has(path)) {
      refuse(
        new GatewayError('not_found', `WebSocket upgrades are served on /v1/responses only, not ${path}`),
      );
      return;
    }
    if (!accepting) {
      refuse(shuttingDown());
      return;
    }
    try {
      checkUpgrade(ctx, req, path, q === -1 ? '' : rawUrl.slice(q + 1));
    } catch (err) {
      refuse(GatewayError.from(err));
      return;
    }
    webSocketServer().then(
      (wss) => {
        if (socket.destroyed) return;
        if (!accepting) {
          refuse(shuttingDown());
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          const conn = new ResponsesSocket(ctx, ws, req, path);
          open.add(conn);
          ws.once('close', () => open.delete(conn));
        });
      },
      (err: Error) => {
        wss = undefined;
        ctx.log.error(`websocket upgrade: cannot load the ws module: ${err.message}`);
        refuse(new GatewayError('api', `WebSocket support is unavailable: ${err.message}`));
      },
    );
  });

  return {
    stopAccepting() {
      accepting = false;
    },
    closeAll() {
      for (const conn of open) {
        conn.close(1001, 'The gateway is shutting down');
        setTimeout(() => conn.terminate(), CLOSE_GRACE_MS).unref();
      }
    },
    get open() {
      return open.size;
    },
  };
}

const shuttingDown = () =>
  new GatewayError('overloaded', 'The gateway is shutting down; reconnect in a moment', { retryAfter: 1 });

/** Host, browser and key rules of an HTTP request, on the upgrade request. */
function checkUpgrade(ctx: GatewayContext, req: IncomingMessage, path: string, query: string): void {
  checkHost(ctx, req);
  checkBrowserRequest(req, ctx.security.browser);
  const rc: RequestContext = {
    ctx,
    req,
    // authenticate() reads the request only; no response exists before the handshake.
    res: undefined as unknown as ServerResponse,
    path,
    query: new URLSearchParams(query),
    traceId: 'ws-upgrade',
    protocol: 'openai-responses',
    cancel: new Cancellation(),
    params: {},
    outcome: new RequestOutcome(Date.now(), 'openai-responses'),
  };
  authenticate(rc, 'inference');
}

function refuseUpgrade(socket: Duplex, err: GatewayError): void {
  const encoded = encodeErrorFor('openai-responses', err);
  const body = JSON.stringify(encoded.body);
  const headers = [
    `HTTP/1.1 ${encoded.status} ${STATUS_CODES[encoded.status] ?? 'Error'}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    ...Object.entries(encoded.headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
