// The context a gateway is built from. Everything a request needs is reached through it, so
// tests can build many gateways in one process (no module-level singletons).
import type { Settings } from '../config/settings.js';
import type { SummaryRepository } from '../context/summaries.js';
import type { CopilotTokenSource } from '../github/types.js';
import type { ResponseStore } from '../store/response-store.js';
import type { ModelCatalogue } from '../upstream/model-catalogue.js';
import type { UpstreamClient } from '../upstream/types.js';
import type { Logger } from '../util/log.js';
import type { AliasRule } from './models/resolve.js';

export interface GatewayContext {
  settings: Settings;
  log: Logger;
  tokens: CopilotTokenSource;
  upstream: UpstreamClient;
  models: ModelCatalogue;
  /** Fetches the account's Copilot quota (GET copilot_internal/user). */
  fetchUsage: () => Promise<unknown>;
  /** Rules that place model names the catalogue does not list exactly (dated Claude ids...). */
  aliasRules: AliasRule[];
  /** Stored Responses answers for previous_response_id (undefined: chaining unavailable). */
  responses?: ResponseStore;
  /** Cached conversation summaries (contextManagement mode summarize). */
  summaries?: SummaryRepository;
  /** Live counters. */
  load: { inflight: number };
}
