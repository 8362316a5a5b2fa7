// Starts a gateway built by the composition root (./compose.ts) and listens.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Settings } from '../config/settings.js';
import type { CopilotModel } from '../upstream/types.js';
import { buildRouter } from './app.js';
import { createGatewayContext, type GatewayDeps } from './compose.js';
import type { GatewayContext } from './context.js';
import { drainServer } from './drain-server.js';
import { createGatewayServer } from './server.js';
import { attachResponsesWebSocket } from './ws/upgrade.js';

export type { GatewayDeps } from './compose.js';

export interface RunningGateway {
  url: string;
  models: CopilotModel[];
  ctx: GatewayContext;
  server: Server;
  /**
   * Stops listening, the token refresh and the usage services (flushing the usage log); the GitHub
   * client (and its dispatcher) is the caller's.
   */
  close(): Promise<void>;
}

export async function startGateway(settings: Settings, deps: GatewayDeps): Promise<RunningGateway> {
  const ctx = await createGatewayContext(settings, deps);
  const server = createGatewayServer(ctx, buildRouter());
  // Responses over WebSocket (Codex's supports_websockets) on the same port.
  const sockets = attachResponsesWebSocket(ctx, server);
  // Budgets warmed from the log and the quota schedule started before the first request.
  await ctx.usage.start();
  // Redis (with --redis-url) connected and the shared budget counters seeded; without it, nothing.
  await ctx.security.limits.start();
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      void ctx.upstream.close();
      void ctx.tracing?.close();
      void ctx.security.limits.close();
      ctx.usage.close().then(
        () => reject(err),
        () => reject(err),
      );
    };
    server.once('error', onError);
    server.listen(settings.port, settings.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  let models: CopilotModel[] = [];
  try {
    models = await ctx.models.list('startup');
  } catch (err) {
    deps.log.warn(`could not load the Copilot model catalogue yet: ${(err as Error).message}`);
  }
  return {
    url,
    models,
    ctx,
    server,
    close: async () => {
      sockets.stopAccepting();
      ctx.admin.close();
      await drainServer(ctx, server, settings.shutdownGraceMs, () => sockets.closeAll());
      // The pool's token refreshes and per-account dispatchers; the shared one is the caller's.
      await ctx.upstream.close();
      // After the last request ended: its outcome is in the usage log's batch, flushed here.
      await ctx.usage.close();
      // The last requests' spans, bounded by the export timeout.
      await ctx.tracing?.close();
      await ctx.security.limits.close();
    },
  };
}
