// Builds a gateway from settings and the state store (its accounts form the pool), and starts listening.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Settings } from '../config/settings.js';
import type { StateStore } from '../store/state-store.js';
import { createAccountPool } from '../upstream/accounts/pool.js';
import { createPoolCatalogue } from '../upstream/accounts/pool-catalogue.js';
import { primaryTokenSource } from '../upstream/accounts/primary.js';
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
  /** Accounts, affinity and stored Responses answers (opened and closed by the caller). */
  store: StateStore;
  /** Serve only these accounts (the `-g` one-account shortcut); default: every enabled one. */
  onlyAccounts?: string[];
}

export function createGatewayContext(settings: Settings, deps: GatewayDeps): GatewayContext {
  const dispatcher = createDispatcher(settings);
  const pool = createAccountPool({
    store: deps.store,
    settings,
    dispatcher,
    log: deps.log,
    only: deps.onlyAccounts,
  });
  const upstream = createCopilotClient({ settings, pool, dispatcher, log: deps.log });
  // Each account has its own catalogue (plans and policies differ); the gateway sees their union.
  pool.useCatalogues((accountId) =>
    createModelCatalogue({
      upstream: { send: (req) => upstream.send({ ...req, accountId }), close: async () => {} },
      log: deps.log,
      ttlSec: settings.modelsTtlSec,
    }),
  );
  const models = createPoolCatalogue(pool);
  const tokens = primaryTokenSource(pool);
  return {
    settings,
    log: deps.log,
    tokens,
    store: deps.store,
    pool,
    upstream,
    models,
    fetchUsage: async () => {
      const accounts = await pool.usage();
      const first = (await pool.members()).find((m) => m.enabled);
      const own = first
        ? await first.github.getCopilotUsage((await deps.store.accounts.token(first.id)) ?? '')
        : {};
      return { ...own, accounts };
    },
    aliasRules: defaultAliasRules(settings),
    responses: deps.store.responses,
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
      await ctx.upstream.close();
    },
  };
}
