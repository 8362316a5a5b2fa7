// The pipeline's hook points: where later concerns plug into every inference request, once, for
// all four protocols. Each hook is called at exactly one place in handler.ts; the defaults here
// are no-ops (they are called, they just change nothing). The outcome hook is the OutcomeBus on
// the gateway context (ctx.outcomes.subscribe).
//
// Account selection is deliberately NOT a hook: the pool (upstream/accounts/) chooses inside the
// upstream client's retry loop, because a failover (quota, limit, 401, unreachable) re-selects per
// attempt, after the request has left the pipeline. The pipeline hands upstream.send what the
// choice needs — the resolved model and the adapter's lazy conversation key — and records the
// account that served from the answer (request-outcome.ts noteServed → rc.accountId).
import type { IncomingMessage } from 'node:http';
import type { ProtocolId } from '../../protocols/ir/types.js';
import type { IndexedKey } from '../../store/keys.js';
import type { CopilotModel } from '../../upstream/types.js';

/**
 * What a hook sees of the request (the RequestContext satisfies it; named structurally so the
 * gateway context, which holds the hooks, and the request context stay out of an import circle).
 */
export interface HookRequest {
  traceId: string;
  req: IncomingMessage;
  path: string;
  /** The API key the request authenticated with. */
  keyId?: string;
  /** Who the caller is (the request guard sets it): the key itself, with its model allow-list. */
  auth?: { key?: IndexedKey };
  /** The Copilot account that served it (set once Copilot answered). */
  accountId?: string;
}

/** Hook 1: the body is decoded and the requested model is known (before resolution). */
export interface DecodedRequest {
  rc: HookRequest;
  ingress: ProtocolId;
  /** The client's parsed body (a hook may reshape it, e.g. context trimming). */
  body: Record<string, unknown>;
  /** The model name the client asked for (after protocol rules such as warm-up routing). */
  requestedModel: string;
}

/** Hook 2: the requested model is resolved to a Copilot model (before planning). */
export interface ResolvedRequest {
  rc: HookRequest;
  ingress: ProtocolId;
  model: CopilotModel;
}

export interface PipelineHooks {
  /**
   * After decode, model known: API-key model allow-lists, context trimming and per-model request
   * shaping go here. Throw a GatewayError to refuse the request (4xx in the caller's protocol).
   * Returns whether the body was changed (the passthrough path then re-serialises it).
   */
  requestDecoded(req: DecodedRequest): boolean | Promise<boolean>;
  /**
   * After model resolution: checks judged by the Copilot model the request would actually use
   * (an API key's model allow-list: a dated or aliased name is judged by what it resolves to).
   * Throw a GatewayError to refuse the request.
   */
  modelResolved(req: ResolvedRequest): void | Promise<void>;
}

/** The hooks a gateway starts with: nothing refused, nothing reshaped. */
export function defaultPipelineHooks(): PipelineHooks {
  return {
    requestDecoded: () => false,
    modelResolved: () => {},
  };
}
