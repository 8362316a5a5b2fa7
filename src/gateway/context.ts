// The context a gateway is built from. Everything a request needs is reached through it, so
// tests can build many gateways in one process (no module-level singletons).
import type { Settings } from '../config/settings.js';
import type { CopilotTokenSource } from '../github/types.js';
import type { ResponsesRepo } from '../store/responses/types.js';
import type { StateStore } from '../store/state-store.js';
import type { AccountPool } from '../upstream/accounts/pool.js';
import type { ModelCatalogue } from '../upstream/model-catalogue.js';
import type { UpstreamClient } from '../upstream/types.js';
import type { Logger } from '../util/log.js';
import type { AliasRule } from './models/resolve.js';

export interface GatewayContext {
  settings: Settings;
  log: Logger;
  /** The Copilot token of the first usable account (GET /token). */
  tokens: CopilotTokenSource;
  /** Accounts, affinity, stored responses. */
  store: StateStore;
  /** The account pool the upstream client serves from. */
  pool: AccountPool;
  upstream: UpstreamClient;
  models: ModelCatalogue;
  /** The first account's Copilot quota (GET copilot_internal/user), plus every account's state. */
  fetchUsage: () => Promise<unknown>;
  /** Rules that place model names the catalogue does not list exactly (dated Claude ids...). */
  aliasRules: AliasRule[];
  /** Stored Responses answers for previous_response_id (undefined: chaining unavailable). */
  responses?: ResponsesRepo;
  /** Live counters. */
  load: { inflight: number };
}
