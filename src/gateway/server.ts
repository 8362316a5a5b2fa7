// The HTTP front door: CORS preflight, routing, trace ids, the request guard (Host, browser rules,
// keys, per-key limits: ./middleware/guard.ts), client-disconnect aborts, slow-client limits
// (header, body and request timeouts, connections per address), and errors in the caller's own
// protocol shape. Admission control (maxConcurrent) is in upstream/admission.ts: only requests
// talking to Copilot take a slot. Route handlers live in ./routes.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayError, quoteInput } from '../errors/gateway-error.js';
import type { ProtocolId } from '../protocols/ir/types.js';
import { Cancellation } from '../util/cancellation.js';
import type { GatewayContext } from './context.js';
import { sendEncodedError } from './http/respond.js';
import { guardRequest, handlePreflight } from './middleware/guard.js';
import { RequestOutcome } from './pipeline/request-outcome.js';
import { encodeErrorFor } from './protocol-errors.js';
import type { RequestContext } from './request-context.js';
import type { Router } from './router.js';
import { GEMINI_ACTION } from './routes/gemini.js';

const TRACE_ID_RE = /^[\w.:-]{1,128}$/;

export function createGatewayServer(ctx: GatewayContext, router: Router): Server {
  const limits = ctx.settings.clients;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      // Only until the request is fully received: long responses are not cut by it.
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => {
      handle(ctx, router, req, res).catch((err) => {
        ctx.log.error(`unhandled error: ${(err as Error).stack ?? err}`);
        if (!res.headersSent) sendEncodedError(res, encodeErrorFor('openai-chat', GatewayError.from(err)));
        else res.destroy();
      });
    },
  );
  server.keepAliveTimeout = 65_000;
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
  limitConnectionsPerAddress(server, limits.maxConnectionsPerAddress);
  return server;
}

/** Closes connections beyond `max` from one address at once (0: no limit). */
function limitConnectionsPerAddress(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const n = (open.get(address) ?? 0) + 1;
    if (n > max) {
      socket.end(TOO_MANY_CONNECTIONS);
      socket.destroySoon();
      return;
    }
    open.set(address, n);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

const TOO_MANY_BODY = JSON.stringify({
  error: {
    message: 'Too many open connections from this address; close some and retry',
    type: 'rate_limit_error',
    code: 'too_many_connections',
  },
});
const TOO_MANY_CONNECTIONS = `HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(TOO_MANY_BODY)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n${TOO_MANY_BODY}`;

/**
 * A 408 in the caller's protocol when a request body goes silent for `idleMs` (a client that sent
 * headers and part of a body, then waits). Progress is read off the socket's byte count, so no
 * listener changes how the route reads the body.
 */
function watchBodyIdle(rc: RequestContext, idleMs: number): void {
  const { req, res } = rc;
  if (req.complete) return;
  let seen = req.socket.bytesRead;
  const check = () => {
    if (req.complete || res.writableEnded || req.destroyed) return;
    const now = req.socket.bytesRead;
    if (now !== seen) {
      seen = now;
      timer.refresh();
      return;
    }
    const err = new GatewayError(
      'invalid_request',
      `The request body stalled: nothing arrived for ${idleMs} ms`,
      {
        status: 408,
      },
    );
    rc.ctx.log.info(`${req.method} ${quoteInput(rc.path, 200)} → 408 body stalled`, { trace: rc.traceId });
    if (!res.headersSent) {
      res.setHeader('connection', 'close');
      sendEncodedError(res, encodeErrorFor(rc.protocol, err));
    }
    res.once('finish', () => req.destroy());
    if (res.headersSent && !res.writableEnded) req.destroy();
  };
  const timer = setTimeout(check, idleMs);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  res.once('close', () => clearTimeout(timer));
}

async function handle(
  ctx: GatewayContext,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const startedAt = Date.now();
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const incoming = req.headers['x-trace-id'];
  const traceId = typeof incoming === 'string' && TRACE_ID_RE.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-trace-id', traceId);

  const method = req.method ?? 'GET';
  const shownPath = quoteInput(path, 200);
  if (method === 'OPTIONS') {
    let errorKind: string | undefined;
    try {
      handlePreflight(ctx, req, res);
    } catch (err) {
      req.resume();
      const gwErr = GatewayError.from(err);
      errorKind = gwErr.kind;
      sendEncodedError(res, encodeErrorFor(guessProtocol(path), gwErr));
    }
    emitOutcome(ctx, res, new RequestOutcome(startedAt, 'other'), { traceId, method, path, errorKind });
    return;
  }
  let found: ReturnType<Router['match']>;
  try {
    found = router.match(method, path);
  } catch (err) {
    req.resume();
    const gwErr = GatewayError.from(err);
    sendEncodedError(res, encodeErrorFor(guessProtocol(path), gwErr));
    emitOutcome(ctx, res, new RequestOutcome(startedAt, 'other'), {
      traceId,
      method,
      path,
      errorKind: gwErr.kind,
    });
    return;
  }
  if (!found) {
    const protocol = guessProtocol(path);
    const err = router.hasPath(path)
      ? new GatewayError('invalid_request', `Method ${method} is not allowed on ${shownPath}`, {
          status: 405,
        })
      : new GatewayError(
          'not_found',
          `No route for ${method} ${shownPath}. See the README for the endpoints this gateway serves.`,
        );
    req.resume();
    sendEncodedError(res, encodeErrorFor(protocol, err));
    emitOutcome(ctx, res, new RequestOutcome(startedAt, 'other'), {
      traceId,
      method,
      path,
      errorKind: err.kind,
    });
    return;
  }

  const cancel = new Cancellation();
  res.on('close', () => {
    if (!res.writableFinished)
      cancel.abort(new GatewayError('api', 'The client closed the connection', { status: 499 }));
    cancel.end();
  });

  const rc: RequestContext = {
    ctx,
    req,
    res,
    path,
    query: new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1)),
    traceId,
    protocol: found.route.protocol,
    cancel,
    params: found.params,
    outcome: new RequestOutcome(startedAt, found.route.ingress ?? found.route.protocol),
  };

  let release: () => void;
  try {
    release = await guardRequest(rc, found.route.access ?? 'inference');
    rc.keyId = rc.auth?.key?.id;
  } catch (err) {
    req.resume();
    const gwErr = GatewayError.from(err);
    rc.keyId = rc.auth?.key?.id;
    let status: number | undefined;
    if (gwErr.status === 499 || cancel.aborted) {
      status = res.headersSent ? undefined : 499;
      res.destroy();
    } else {
      ctx.log.info(`${method} ${path} → ${gwErr.status} ${gwErr.message}`, { trace: traceId });
      sendEncodedError(res, encodeErrorFor(rc.protocol, gwErr));
    }
    emitOutcome(ctx, res, rc.outcome, {
      traceId,
      method,
      path,
      errorKind: status === 499 ? 'client_abort' : gwErr.kind,
      status,
      keyId: rc.keyId,
    });
    return;
  }

  watchBodyIdle(rc, ctx.settings.clients.bodyIdleMs);
  ctx.load.inflight++;
  let errorKind: string | undefined;
  let status: number | undefined;
  try {
    await found.route.handler(rc);
  } catch (err) {
    const gwErr = GatewayError.from(err);
    if (gwErr.status === 499 || cancel.aborted) {
      ctx.log.debug(`client went away: ${method} ${shownPath}`, { trace: traceId });
      errorKind = 'client_abort';
      if (!res.headersSent) status = 499;
      res.destroy();
      return;
    }
    errorKind = gwErr.kind;
    if (gwErr.kind === 'api')
      ctx.log.error(`${method} ${shownPath} failed: ${(gwErr.cause as Error)?.stack ?? gwErr.message}`, {
        trace: traceId,
      });
    else ctx.log.info(`${method} ${shownPath} → ${gwErr.status} ${gwErr.message}`, { trace: traceId });
    sendEncodedError(res, encodeErrorFor(rc.protocol, gwErr));
  } finally {
    ctx.load.inflight--;
    release();
    emitOutcome(ctx, res, rc.outcome, {
      traceId,
      method,
      path,
      errorKind,
      status,
      keyId: rc.keyId,
      accountId: rc.accountId,
    });
  }
}

/** The one place a request's OutcomeRecord is built and handed to the subscribers. */
function emitOutcome(
  ctx: GatewayContext,
  res: ServerResponse,
  outcome: RequestOutcome,
  fields: {
    traceId: string;
    method: string;
    path: string;
    errorKind?: string;
    status?: number;
    keyId?: string;
    accountId?: string;
  },
): void {
  // Every caller hands a fresh literal: completing it costs no copy.
  fields.status ??= res.statusCode;
  ctx.outcomes.emit(outcome.build(fields as typeof fields & { status: number }));
}

function guessProtocol(path: string): ProtocolId {
  if (path.includes('/messages')) return 'anthropic';
  if (path.includes('/responses')) return 'openai-responses';
  // Gemini paths also live under /v1 and /v1alpha (`/v1/models/x:generateContent`).
  if (path.startsWith('/v1beta') || path.startsWith('/v1alpha') || GEMINI_ACTION.test(path)) return 'gemini';
  return 'openai-chat';
}
