// The composition root: the one function that builds a gateway's context — one outbound
// dispatcher and one GitHub client (shared with the CLI that signed in), the Copilot token
// source, the stores, the request guard's security (keys, admin sessions, rate limits), the
// outcome bus with the access log and key charging, the pipeline hooks. `start`, the local
// stack and the tests all build through it. The GitHub token is handed in here, kept in one
// closure (the quota fetch), and never stored in the context's Settings.
import type { Settings } from '../config/settings.js';
import { createCopilotTokenSource } from '../github/copilot-token-source.js';
import type { CopilotTokenSource } from '../github/types.js';
import type { ResponseStore } from '../store/response-store.js';
import type { StateStore } from '../store/state-store.js';
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
  githubToken: string;
  /** A token source already started (start checks access before listening); else one is built. */
  tokens?: CopilotTokenSource;
  /** Where Responses answers are kept for previous_response_id (opened by the caller). */
  responses?: ResponseStore;
  /** API keys and the admin password (opened by the caller; see src/store/sqlite/state-store.ts). */
  state: StateStore;
  /** Asks before each inference request (--manual). */
  approve?: ManualApprover;
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
  const security = createGatewaySecurity(securitySettingsOf(settings), {
    keys: deps.state.keys.index,
    keyStore: deps.state.keys,
    admin: deps.state.admin,
    approve: deps.approve,
  });
  // Tokens per minute: each answer's usage is charged to its key once the request has ended.
  outcomes.subscribe(keyUsageSubscriber(security.keyLimits));
  // A key's model allow-list, judged by the model the request resolved to; a hook handed in
  // runs after it (it cannot switch the check off).
  const hooks: PipelineHooks = { ...defaultPipelineHooks(), ...deps.hooks };
  const nextResolved = hooks.modelResolved;
  hooks.modelResolved = (resolved) => {
    assertModelAllowed(resolved.rc, resolved.model.id);
    return nextResolved(resolved);
  };
  return {
    settings,
    log,
    tokens,
    upstream,
    models,
    dispatcher: github.dispatcher,
    fetchUsage: () => github.api.getCopilotUsage(githubToken),
    aliasRules: defaultAliasRules(settings),
    responses: deps.responses,
    security,
    load: { inflight: 0 },
    outcomes,
    hooks,
    warnings: new WarnOnce(log),
  };
}
