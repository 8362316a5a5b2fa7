// Graceful shutdown: stop accepting, let open requests finish for up to the grace period, then
// interrupt what is left so every open stream ends with its protocol's own error event (the
// stream drivers' upstream-failure path: no driver knows about shutdown), then close.
import type { Server } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayContext } from './context.js';

/** How long interrupted requests get to write their error event before connections are cut. */
const FLUSH_MS = 1000;

/**
 * `beforeClose` runs once no request is left (or the grace period is over), before the
 * connections are cut: the Responses WebSockets close there (an upgraded socket keeps the server
 * open until it ends).
 */
export async function drainServer(
  ctx: GatewayContext,
  server: Server,
  graceMs: number,
  beforeClose?: () => void,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (ctx.load.inflight > 0) {
    ctx.log.info(`shutting down: waiting up to ${graceMs} ms for ${ctx.load.inflight} open request(s)`);
    await until(() => ctx.load.inflight === 0, graceMs);
  }
  if (ctx.load.inflight > 0) {
    const n = ctx.upstream.interruptAll(
      new GatewayError('overloaded', 'The gateway is shutting down; retry the request in a moment', {
        retryAfter: 1,
      }),
    );
    ctx.log.warn(`shutting down: grace period over; ended ${n} open upstream call(s) with an error`);
    await until(() => ctx.load.inflight === 0, FLUSH_MS);
  }
  beforeClose?.();
  server.closeAllConnections();
  await closed;
}

function until(cond: () => boolean, limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (cond()) return resolve();
    const deadline = Date.now() + limitMs;
    const timer = setInterval(() => {
      if (cond() || Date.now() >= deadline) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
}
