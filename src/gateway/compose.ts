// The composition root: the one function that builds a gateway's context — one outbound
// dispatcher and one GitHub client (shared with the CLI that signed in), the state store and the
// account pool built on it (each account with its own Copilot token source and catalogue), the
// request guard's security (keys, admin sessions, rate limits), the outcome bus with the access
// log and key charging, the pipeline hooks (the key's model allow-list, then context management,
// on requestResolved). `start`, the local stack and the tests all build
// through it. GitHub tokens stay in the store's token table and the pool's token sources; they
// are never carried in the context's Settings.
import type { Settings } from '../config/settings.js';
import { contextHook } from '../context/hook.js';
import type { SummaryRepository } from '../context/summaries.js';
import type { StateStore } from '../store/state-store.js';
import { createAccountPool } from '../upstream/accounts/pool.js';
import { createPoolCatalogue } from '../upstream/accounts/pool-catalogue.js';
import { primaryTokenSource } from '../upstream/accounts/primary.js';
import { createCopilotClient } from '../upstream/copilot-client.js';
import type { GitHubClient } from '../upstream/github-client.js';
import { createModelCatalogue } from '../upstream/model-catalogue.js';
import type { Logger } from '../util/log.js';
import type { GatewayContext } from './context.js';
import { keyUsageSubscriber } from './middleware/key-usage.js';
import type { ManualApprover } from './middleware/manual-approval.js';
import { assertModelAllowed } from './middleware/model-allow.js';
import { createGatewaySecurity, securitySettingsOf } from './middleware/security.js';
import { defaultAliasRules } from './models/alias-rules.js';
import { accessLogSubscriber } from './pipeline/access-log.js';
import { defaultPipelineHooks, type PipelineHooks } from './pipeline/hooks.js';
import { OutcomeBus } from './pipeline/outcome-bus.js';
import { WarnOnce } from './pipeline/warn-once.js';

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
}

export function createGatewayContext(settings: Settings, deps: GatewayDeps): GatewayContext {
  const { log, github, store } = deps;
  const pool = createAccountPool({
    store,
    settings,
    dispatcher: github.dispatcher,
    log,
    only: deps.onlyAccounts,
  });
  const upstream = createCopilotClient({ settings, pool, log });
  // Each account has its own catalogue (plans and policies differ); the gateway sees their union.
  pool.useCatalogues((accountId) =>
    createModelCatalogue({
      upstream: { send: (req) => upstream.send({ ...req, accountId }), close: async () => {} },
      log,
      ttlSec: settings.modelsTtlSec,
    }),
  );
  const outcomes = new OutcomeBus(log);
  if (deps.accessLog !== false) outcomes.subscribe(accessLogSubscriber(log, settings.logFormat));
  const security = createGatewaySecurity(securitySettingsOf(settings), {
    keys: store.keys.index,
    keyStore: store.keys,
    admin: store.admin,
    approve: deps.approve,
  });
  // Tokens per minute: each answer's usage is charged to its key once the request has ended.
  outcomes.subscribe(keyUsageSubscriber(security.keyLimits));
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
    security,
    load: { inflight: 0 },
    outcomes,
    hooks: defaultPipelineHooks(),
    warnings: new WarnOnce(log),
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
