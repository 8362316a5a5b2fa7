// Builds a gateway from settings and a Copilot token source, and starts listening.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Settings } from '../config/settings.js';
import { MemorySummaryRepository, type SummaryRepository } from '../context/summaries.js';
import { createGitHubApi } from '../github/api.js';
import type { CopilotTokenSource } from '../github/types.js';
import type { ResponseStore } from '../store/response-store.js';
import { createCopilotClient } from '../upstream/copilot-client.js';
import { createDispatcher } from '../upstream/dispatcher.js';
import { createModelCatalogue } from '../upstream/model-catalogue.js';
import type { CopilotModel } from '../upstream/types.js';
import type { Logger } from '../util/log.js';
import { buildRouter } from './app.js';
import type { GatewayContext } from './context.js';
import { defaultAliasRules } from './models/alias-rules.js';
import { createGatewayServer } from './server.js';

export interface RunningGateway {
  url: string;
  models: CopilotModel[];
  ctx: GatewayContext;
  server: Server;
  close(): Promise<void>;
}

export interface GatewayDeps {
  log: Logger;
  tokens: CopilotTokenSource;
  githubToken: string;
  /** Where Responses answers are kept for previous_response_id (opened by the caller). */
  responses?: ResponseStore;
  /** Summary cache of contextManagement summarize (in memory when not given). */
  summaries?: SummaryRepository;
}

export function createGatewayContext(settings: Settings, deps: GatewayDeps): GatewayContext {
  const dispatcher = createDispatcher(settings);
  const upstream = createCopilotClient({ settings, tokens: deps.tokens, dispatcher, log: deps.log });
  const models = createModelCatalogue({ upstream, log: deps.log, ttlSec: settings.modelsTtlSec });
  const github = createGitHubApi({
    githubUrl: settings.githubUrl,
    githubApiUrl: settings.githubApiUrl,
    identity: settings.identity,
    dispatcher,
    log: deps.log,
  });
  return {
    settings,
    log: deps.log,
    tokens: deps.tokens,
    upstream,
    models,
    fetchUsage: () => github.getCopilotUsage(deps.githubToken),
    aliasRules: defaultAliasRules(settings),
    responses: deps.responses,
    summaries: deps.summaries ?? new MemorySummaryRepository(),
    load: { inflight: 0 },
  };
}

export async function startGateway(settings: Settings, deps: GatewayDeps): Promise<RunningGateway> {
  const ctx = createGatewayContext(settings, deps);
  const server = createGatewayServer(ctx, buildRouter());
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      // Nothing else will close the upstream pool when the port is taken.
      ctx.upstream.close().finally(() => reject(err));
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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      deps.tokens.stop();
      await ctx.upstream.close();
    },
  };
}
