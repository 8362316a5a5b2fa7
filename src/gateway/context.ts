// The context a gateway is built from. Everything a request needs is reached through it, so
// tests can build many gateways in one process (no module-level singletons).
import type { Dispatcher } from 'undici';
import type { Settings } from '../config/settings.js';
import type { SummaryRepository } from '../context/summaries.js';
import type { CopilotTokenSource } from '../github/types.js';
import type { ResponseStore } from '../store/response-store.js';
import type { ModelCatalogue } from '../upstream/model-catalogue.js';
import type { UpstreamClient } from '../upstream/types.js';
import type { Logger } from '../util/log.js';
import type { AliasRule } from './models/types.js';
import type { PipelineHooks } from './pipeline/hooks.js';
import type { OutcomeBus } from './pipeline/outcome-bus.js';
import type { WarnOnce } from './pipeline/warn-once.js';

export interface GatewayContext {
  settings: Settings;
  log: Logger;
  tokens: CopilotTokenSource;
  upstream: UpstreamClient;
  /** The process's one outbound dispatcher (every call to GitHub, Copilot, Anthropic). */
  dispatcher: Dispatcher;
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
  /** Every request's OutcomeRecord goes here (ctx.outcomes.subscribe): access log, usage, metrics. */
  outcomes: OutcomeBus;
  /** Where later concerns plug into every inference request (see pipeline/hooks.ts). */
  hooks: PipelineHooks;
  /** Warnings logged once per distinct cause. */
  warnings: WarnOnce;
}
