// The composition root: the one function that builds a gateway's context — one outbound
// dispatcher and one GitHub client (shared with the CLI that signed in), the state store and the
// account pool built on it (each account with its own Copilot token source and catalogue), the
// usage services (usage log, budgets, metrics, quota view: subscribers of the outcome bus), the
// request guard's security (keys, admin sessions, rate limits), the outcome bus with the access
// log and key charging, the pipeline hooks (the key's model allow-list, then context management,
// on requestResolved; Copilot's answer headers to the quota view on upstreamAnswered). `start`,
// the local stack and the tests all build through it. GitHub tokens stay in the store's token
// table and the pool's token sources; they are never carried in the context's Settings.

import { createAdminServices } from '../admin/services.js';
import { defaultWebRoot } from '../admin/web/static.js';
import type { Settings } from '../config/settings.js';
import { contextHook } from '../context/hook.js';
import type { SummaryRepository } from '../context/summaries.js';
import { TokenCountCache } from '../context/token-cache.js';
import { createGatewayLimits } from '../shared-limits/index.js';
import type { StateStore } from '../store/state-store.js';
import { createAccountPool } from '../upstream/accounts/pool.js';
import { createPoolCatalogue } from '../upstream/accounts/pool-catalogue.js';
import { primaryTokenSource } from '../upstream/accounts/primary.js';
import { Admission } from '../upstream/admission.js';
import { createCopilotClient } from '../upstream/copilot-client.js';
import type { GitHubClient } from '../upstream/github-client.js';
import { createModelCatalogue } from '../upstream/model-catalogue.js';
import { createUsageServices } from '../usage/services.js';
import type { Logger } from '../util/log.js';
import type { GatewayContext } from './context.js';
import { presentedKey } from './middleware/extract-key.js';
import type { ManualApprover } from './middleware/manual-approval.js';
import { assertModelAllowed } from './middleware/model-allow.js';
import { createGatewaySecurity, securitySettingsOf } from './middleware/security.js';
import { defaultAliasRules } from './models/alias-rules.js';
import { LearnedRoutes } from './models/learned-routes.js';
import { accessLogSubscriber } from './pipeline/access-log.js';
import { defaultPipelineHooks, type PipelineHooks } from './pipeline/hooks.js';
import { OutcomeBus } from './pipeline/outcome-bus.js';
import { WarnOnce } from './pipeline/warn-once.js';
import { databaseReadiness } from './readiness.js';

export interface GatewayDeps {
  log: Logger;
  /** The process's one GitHub client; its dispatcher carries every upstream call. */
  github: GitHubClient;
  /** Accounts, affinity, stored Responses answers, API keys and the admin password (opened and
   * closed by the caller; see src/store/sqlite/state-store.ts). */
  store: StateStore;
  /** Serve only these accounts (the `-g` one-account shortcut); default: every enabled one. */
  onlyAccounts?: string[];
  /** Asks before each inference request (--manual). */
  approve?: ManualApprover;
  /** Summary cache of contextManagement summarize (default: the state store's `summaries`). */
  summaries?: SummaryRepository;
  /**
   * Overrides of the pipeline hooks (tests of later concerns). A requestResolved given here
   * replaces context management, never the key's model allow-list, which always runs first.
   */
  hooks?: Partial<PipelineHooks>;
  /** Whether a line per request goes to the log at info level (default true). */
  accessLog?: boolean;
  /** The built admin UI (default: this package's dist/web). */
  webRoot?: string;
  /** Tests of the shared limits: a shorter concurrency lease, a faster Redis probe. */
  limits?: { leaseMs?: number; probeMs?: number };
}

// Async only for the modules a default start does not load (the Redis limits, the OTLP exporter):
// they are imported here when their setting asks for them.
export async function createGatewayContext(settings: Settings, deps: GatewayDeps): Promise<GatewayContext> {
  const { log, github, store } = deps;
  const pool = createAccountPool({
    store,
    settings,
    dispatcher: github.dispatcher,
    log,
    only: deps.onlyAccounts,
  });
  // Slots of requests talking to Copilot (maxConcurrent): taken in upstream.send, given back
  // when the request's Cancellation ends.
  const admission = new Admission(settings.maxConcurrent);
  const upstream = createCopilotClient({ settings, pool, log, admission });
  const load = { inflight: 0 };
  const usage = createUsageServices({
    settings,
    repo: store.usage,
    log,
    inflight: () => load.inflight,
    // /metrics: the metricsToken, or a key with an admin scope; credential-less loopback scrapes
    // only while neither a metricsToken nor any API key exists (the rule of every other route).
    isAdmin: (req) => {
      const { key } = security.keys.check(presentedKey(req, new URLSearchParams()));
      return key !== undefined && (key.scopes.includes('admin:read') || key.scopes.includes('admin:write'));
    },
    anonymousLoopback: () => settings.metricsToken === undefined && !security.keys.check(undefined).hasKeys,
    // Scraped from the pool's view (the store's state): account ids are bounded by the store.
    accountStates: async () => (await pool.usage()).map((a) => ({ account: a.id, state: a.state })),
    quotaAccounts: async () =>
      (await pool.members())
        .filter((m) => m.enabled)
        .map((m) => ({
          id: m.id,
          fetchUser: async () => m.github.getCopilotUsage((await store.accounts.token(m.id)) ?? ''),
        })),
    // No admin credential yet (the keys concern passes isAdmin): metricsToken, else loopback only.
  });
  // Model names seen in any account's catalogue are metric labels of their own (bounded by Copilot).
  const knownModels = new Set<string>();
  // Each account has its own catalogue (plans and policies differ); the gateway sees their union.
  pool.useCatalogues((accountId) =>
    createModelCatalogue({
      upstream: {
        send: (req) => upstream.send({ ...req, accountId }),
        // Its bodies go through `upstream`, whose interruptAll already covers them.
        interruptAll: () => 0,
        close: async () => {},
      },
      log,
      ttlSec: settings.modelsTtlSec,
      onRefresh: (list) => {
        for (const m of list) knownModels.add(m.id);
        usage.metrics.setKnownModels(knownModels);
      },
    }),
  );
  const outcomes = new OutcomeBus(log);
  if (deps.accessLog !== false) outcomes.subscribe(accessLogSubscriber(log, settings.logFormat));
  for (const subscriber of usage.subscribers) outcomes.subscribe(subscriber);
  // OpenTelemetry: off unless an OTLP endpoint is configured; spans are built off the request path.
  const tracing = settings.tracing?.otlpEndpoint
    ? (await import('../tracing/tracing.js')).createTracing(settings.tracing, log)
    : undefined;
  if (tracing) outcomes.subscribe(tracing.subscriber);
  // Budgets, per-key limits and the pacer: this instance's, or every instance's through Redis;
  // account cooldowns go through the same Redis to every instance.
  const limits = await createGatewayLimits({
    settings,
    backend: store.backend,
    budgets: usage.budgets,
    prices: usage.prices,
    usage: store.usage,
    log,
    ...deps.limits,
  });
  if (limits.accountStates) pool.shareStates(limits.accountStates);
  const security = createGatewaySecurity(securitySettingsOf(settings), {
    keys: store.keys.index,
    keyStore: store.keys,
    admin: store.admin,
    limits,
    approve: deps.approve,
  });
  // Tokens and credits: each answer's usage is charged to its key once the request has ended.
  for (const subscriber of limits.subscribers) outcomes.subscribe(subscriber);
  const ctx: GatewayContext = {
    settings,
    log,
    tokens: primaryTokenSource(pool),
    store,
    pool,
    upstream,
    models: createPoolCatalogue(pool),
    dispatcher: github.dispatcher,
    fetchUsage: async () => {
      const accounts = await pool.usage();
      const first = (await pool.members()).find((m) => m.enabled);
      const own = first
        ? await first.github.getCopilotUsage((await store.accounts.token(first.id)) ?? '')
        : {};
      return { ...own, accounts };
    },
    aliasRules: defaultAliasRules(settings),
    responses: store.responses,
    summaries: deps.summaries ?? store.summaries,
    tokenCounts: new TokenCountCache(),
    security,
    load,
    admission,
    outcomes,
    usage,
    tracing,
    hooks: {
      ...defaultPipelineHooks(),
      // Copilot's quota headers, per account that served (the pool sets rc.accountId).
      upstreamAnswered: (a) => {
        if (a.rc.accountId !== undefined) usage.quota.observeHeaders(a.rc.accountId, a.headers);
      },
    },
    warnings: new WarnOnce(log),
    learnedRoutes: new LearnedRoutes(),
    webRoot: deps.webRoot ?? defaultWebRoot(),
    admin: createAdminServices({ github: github.api, githubUrl: settings.githubUrl, store, log }),
    // Redis is checked only where it is used (--redis-url): a single instance does not need it.
    readiness: [
      databaseReadiness(store),
      ...(limits.mode === 'redis' ? [{ name: 'redis', check: () => limits.readiness() }] : []),
    ],
  };
  // One post-resolution hook: the key's model allow-list (judged by the model the request resolved
  // to; deps.hooks cannot switch it off), then context management and request shaping
  // (src/context/), or the requestResolved handed in.
  const hooks: PipelineHooks = { ...ctx.hooks, requestResolved: contextHook(ctx), ...deps.hooks };
  const shape = hooks.requestResolved;
  hooks.requestResolved = (resolved) => {
    assertModelAllowed(resolved.rc, resolved.model.id);
    return shape(resolved);
  };
  ctx.hooks = hooks;
  return ctx;
}
