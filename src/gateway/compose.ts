// The composition root: the one function that builds a gateway's context — one outbound
// dispatcher and one GitHub client (shared with the CLI that signed in), the Copilot token
// source, the stores, the outcome bus with the access log, the pipeline hooks (context management on
// requestResolved). `start`, the local
// stack and the tests all build through it. The GitHub token is handed in here, kept in one
// closure (the quota fetch), and never stored in the context's Settings.
import type { Settings } from '../config/settings.js';
import { contextHook } from '../context/hook.js';
import { MemorySummaryRepository, type SummaryRepository } from '../context/summaries.js';
import { createCopilotTokenSource } from '../github/copilot-token-source.js';
import type { CopilotTokenSource } from '../github/types.js';
import type { ResponseStore } from '../store/response-store.js';
import { createCopilotClient } from '../upstream/copilot-client.js';
import type { GitHubClient } from '../upstream/github-client.js';
import { createModelCatalogue } from '../upstream/model-catalogue.js';
import type { Logger } from '../util/log.js';
import type { GatewayContext } from './context.js';
import { defaultAliasRules } from './models/alias-rules.js';
import { accessLogSubscriber } from './pipeline/access-log.js';
import { defaultPipelineHooks, type PipelineHooks } from './pipeline/hooks.js';
import { OutcomeBus } from './pipeline/outcome-bus.js';
import { WarnOnce } from './pipeline/warn-once.js';

export interface GatewayDeps {
  log: Logger;
  /** The process's one GitHub client; its dispatcher carries every upstream call. */
  github: GitHubClient;
  githubToken: string;
  /** A token source already started (start checks access before listening); else one is built. */
  tokens?: CopilotTokenSource;
  /** Where Responses answers are kept for previous_response_id (opened by the caller). */
  responses?: ResponseStore;
  /** Summary cache of contextManagement summarize (in memory when not given). */
  summaries?: SummaryRepository;
  /** Overrides of the no-op pipeline hooks (later concerns: keys, pool, trimming). */
  hooks?: Partial<PipelineHooks>;
  /** Whether a line per request goes to the log at info level (default true). */
  accessLog?: boolean;
}

export function createGatewayContext(settings: Settings, deps: GatewayDeps): GatewayContext {
  const { log, github, githubToken } = deps;
  const tokens = deps.tokens ?? createCopilotTokenSource({ api: github.api, githubToken, log });
  const upstream = createCopilotClient({ settings, tokens, dispatcher: github.dispatcher, log });
  const models = createModelCatalogue({ upstream, log, ttlSec: settings.modelsTtlSec });
  const outcomes = new OutcomeBus(log);
  if (deps.accessLog !== false) outcomes.subscribe(accessLogSubscriber(log));
  const ctx: GatewayContext = {
    settings,
    log,
    tokens,
    upstream,
    models,
    dispatcher: github.dispatcher,
    fetchUsage: () => github.api.getCopilotUsage(githubToken),
    aliasRules: defaultAliasRules(settings),
    responses: deps.responses,
    summaries: deps.summaries ?? new MemorySummaryRepository(),
    load: { inflight: 0 },
    outcomes,
    hooks: defaultPipelineHooks(),
    warnings: new WarnOnce(log),
  };
  // Context management and request shaping (src/context/) run after model resolution.
  ctx.hooks = { ...ctx.hooks, requestResolved: contextHook(ctx), ...deps.hooks };
  return ctx;
}
