// The HTTP front door: routing, trace ids, client-disconnect aborts, load shedding, and errors
// in the caller's own protocol shape. Route handlers live in ./routes.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import type { ProtocolId } from '../protocols/ir/types.js';
import { Cancellation } from '../util/cancellation.js';
import type { GatewayContext } from './context.js';
import { sendEncodedError } from './http/respond.js';
import { RequestOutcome } from './pipeline/request-outcome.js';
import { encodeErrorFor } from './protocol-errors.js';
import type { RequestContext } from './request-context.js';
import type { Router } from './router.js';

const TRACE_ID_RE = /^[\w.:-]{1,128}$/;

export function createGatewayServer(ctx: GatewayContext, router: Router): Server {
  const server = createServer((req, res) => {
    handle(ctx, router, req, res).catch((err) => {
      ctx.log.error(`unhandled error: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) sendEncodedError(res, encodeErrorFor('openai-chat', GatewayError.from(err)));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Long streams are fine: timeouts are enforced on the upstream side.
  server.requestTimeout = 0;
  return server;
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
      ? new GatewayError('invalid_request', `Method ${method} is not allowed on ${path}`, { status: 405 })
      : new GatewayError(
          'not_found',
          `No route for ${method} ${path}. See the README for the endpoints this gateway serves.`,
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

  if (ctx.load.inflight >= ctx.settings.maxConcurrent) {
    req.resume();
    const err = new GatewayError(
      'overloaded',
      `The gateway is at its concurrency limit (${ctx.settings.maxConcurrent} requests); retry shortly`,
      { retryAfter: 1 },
    );
    sendEncodedError(res, encodeErrorFor(rc.protocol, err));
    emitOutcome(ctx, res, rc.outcome, { traceId, method, path, errorKind: err.kind });
    return;
  }
  ctx.load.inflight++;
  let errorKind: string | undefined;
  let status: number | undefined;
  try {
    await found.route.handler(rc);
  } catch (err) {
    const gwErr = GatewayError.from(err);
    if (gwErr.status === 499 || cancel.aborted) {
      ctx.log.debug(`client went away: ${method} ${path}`, { trace: traceId });
      errorKind = 'client_abort';
      if (!res.headersSent) status = 499;
      res.destroy();
      return;
    }
    errorKind = gwErr.kind;
    if (gwErr.kind === 'api')
      ctx.log.error(`${method} ${path} failed: ${(gwErr.cause as Error)?.stack ?? gwErr.message}`, {
        trace: traceId,
      });
    else ctx.log.info(`${method} ${path} → ${gwErr.status} ${gwErr.message}`, { trace: traceId });
    sendEncodedError(res, encodeErrorFor(rc.protocol, gwErr));
  } finally {
    ctx.load.inflight--;
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
  ctx.outcomes.emit(outcome.build({ ...fields, status: fields.status ?? res.statusCode }));
}

function guessProtocol(path: string): ProtocolId {
  if (path.includes('/messages')) return 'anthropic';
  if (path.includes('/responses')) return 'openai-responses';
  if (path.startsWith('/v1beta')) return 'gemini';
  return 'openai-chat';
}
