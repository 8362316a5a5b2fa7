// The context a gateway is built from. Everything a request needs is reached through it, so
// tests can build many gateways in one process (no module-level singletons).
import type { Dispatcher } from 'undici';
import type { AdminServices } from '../admin/services.js';
import type { Settings } from '../config/settings.js';
import type { SummaryRepository } from '../context/summaries.js';
import type { TokenCountCache } from '../context/token-cache.js';
import type { CopilotTokenSource } from '../github/types.js';
import type { ResponsesRepo } from '../store/responses/types.js';
import type { StateStore } from '../store/state-store.js';
import type { Tracing } from '../tracing/tracing.js';
import type { AccountPool } from '../upstream/accounts/pool.js';
import type { Admission } from '../upstream/admission.js';
import type { ModelCatalogue } from '../upstream/model-catalogue.js';
import type { UpstreamClient } from '../upstream/types.js';
import type { UsageServices } from '../usage/services.js';
import type { Logger } from '../util/log.js';
import type { GatewaySecurity } from './middleware/security.js';
import type { LearnedRoutes } from './models/learned-routes.js';
import type { AliasRule } from './models/types.js';
import type { PipelineHooks } from './pipeline/hooks.js';
import type { OutcomeBus } from './pipeline/outcome-bus.js';
import type { WarnOnce } from './pipeline/warn-once.js';
import type { ReadinessCheck } from './readiness.js';

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
  /** The process's one outbound dispatcher (every call to GitHub, Copilot, Anthropic). */
  dispatcher: Dispatcher;
  models: ModelCatalogue;
  /** The first account's Copilot quota (GET copilot_internal/user), plus every account's state. */
  fetchUsage: () => Promise<unknown>;
  /** Rules that place model names the catalogue does not list exactly (dated Claude ids...). */
  aliasRules: AliasRule[];
  /** Stored Responses answers for previous_response_id (undefined: chaining unavailable). */
  responses?: ResponsesRepo;
  /** Keys, admin sessions, Host/Origin rules and rate limits (src/gateway/middleware/). */
  security: GatewaySecurity;
  /** Cached conversation summaries (contextManagement mode summarize). */
  summaries?: SummaryRepository;
  /** Token counts of long texts already counted (context management's prompt counts). */
  tokenCounts?: TokenCountCache;
  /** Live counters: requests being handled (any route). */
  load: { inflight: number };
  /** Slots of requests talking to Copilot (maxConcurrent). */
  admission: Admission;
  /** Every request's OutcomeRecord goes here (ctx.outcomes.subscribe): access log, usage, metrics. */
  outcomes: OutcomeBus;
  /** Price table, usage log, budgets, metrics and the per-account quota view (src/usage). */
  usage: UsageServices;
  /** OpenTelemetry traces (src/tracing), when config.json names an OTLP endpoint. */
  tracing?: Tracing;
  /** Where later concerns plug into every inference request (see pipeline/hooks.ts). */
  hooks: PipelineHooks;
  /** Warnings logged once per distinct cause. */
  warnings: WarnOnce;
  /** Endpoints learned from Copilot's refusals for models listed without endpoint metadata. */
  learnedRoutes: LearnedRoutes;
  /** The built admin UI served at /admin (src/admin/web/static.ts; default dist/web). */
  webRoot: string;
  /** The admin API's own state: device-flow sign-ins, start time (src/admin/services.ts). */
  admin: AdminServices;
  /** What GET /readyz checks (the state database; Redis where it is used). */
  readiness: ReadinessCheck[];
}
