// The pipeline's hook points: where later concerns plug into every inference request, once, for
// all four protocols. Each hook is called at exactly one place in handler.ts; the defaults here
// are no-ops (they are called, they just change nothing). The outcome hook is the OutcomeBus on
// the gateway context (ctx.outcomes.subscribe). Order: requestDecoded → (model resolution) →
// requestResolved → (planning).
//
// requestResolved is the one post-resolution hook point. compose.ts builds it in a fixed order:
// first the API key's model allow-list (middleware/model-allow.ts; deps.hooks cannot remove it),
// then context management and per-model request shaping (src/context/hook.ts), which a
// deps.hooks.requestResolved replaces (tests of later concerns).
//
// Account selection is deliberately NOT a hook: the pool (upstream/accounts/) chooses inside the
// upstream client's retry loop, because a failover (quota, limit, 401, unreachable) re-selects per
// attempt, after the request has left the pipeline. The pipeline hands upstream.send what the
// choice needs — the resolved model and the adapter's lazy conversation key — and records the
// account that served from the answer (request-outcome.ts noteServed → rc.accountId).
import type { IncomingMessage } from 'node:http';
import type { CodecContext } from '../../protocols/ir/codec.js';
import type { IRRequest, ProtocolId } from '../../protocols/ir/types.js';
import type { IndexedKey } from '../../store/keys.js';
import type { CopilotModel } from '../../upstream/types.js';
import type { OutcomeChange, OutcomeContext } from './outcome.js';

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

/** Hook 3: Copilot answered (status and headers in; the body not read yet). */
export interface UpstreamAnswer {
  rc: HookRequest;
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** The client's body decoded to the IR (what the translated path encodes for Copilot). */
export interface DecodedIR {
  ir: IRRequest;
  codecCtx: CodecContext;
}

/** Hook 2: the model is resolved, nothing planned yet (model allow-list, context, shaping). */
export interface ResolvedRequest {
  rc: HookRequest;
  ingress: ProtocolId;
  model: CopilotModel;
  /** The client's parsed body (a hook reshapes it in place and answers changed: true). */
  body: Record<string, unknown>;
  /** Size of the client's body in bytes (lets a hook skip counting small prompts). */
  bodyBytes: number;
  /** Decodes the body to the IR, for a hook that works on the IR (Gemini has no raw form). */
  decode(): DecodedIR;
}

/** What a requestResolved hook did; the handler copies changes and context into the outcome. */
export interface ResolvedAnswer {
  /** The body was reshaped in place: the passthrough path re-serialises it. */
  changed: boolean;
  /** A reshaped IR the translated path uses instead of decoding the body again. */
  decoded?: DecodedIR;
  changes?: OutcomeChange[];
  context?: OutcomeContext;
}

export interface PipelineHooks {
  /**
   * After decode, model named (not yet resolved). Throw a GatewayError to refuse the request (4xx
   * in the caller's protocol).
   * Returns whether the body was changed (the passthrough path then re-serialises it).
   */
  requestDecoded(req: DecodedRequest): boolean | Promise<boolean>;
  /**
   * After model resolution, before planning (so passthrough and translated paths both carry the
   * result): checks judged by the Copilot model the request would actually use (an API key's
   * model allow-list: a dated or aliased name is judged by what it resolves to), then context
   * trimming/summaries and per-model request shaping (src/context/). Throw a GatewayError to
   * refuse (model not allowed, context_length). Undefined: nothing changed.
   */
  requestResolved(req: ResolvedRequest): ResolvedAnswer | undefined | Promise<ResolvedAnswer | undefined>;
  /**
   * Each Copilot answer to an inference request, before its body is read: per-account quota
   * headers (x-usage-ratelimit-*, x-quota-snapshot-*); rc.accountId is the account that served.
   * Synchronous and cheap: it runs on the hot path.
   */
  upstreamAnswered(answer: UpstreamAnswer): void;
}

/** The hooks a gateway starts with: nothing refused, nothing reshaped. */
export function defaultPipelineHooks(): PipelineHooks {
  return {
    requestDecoded: () => false,
    upstreamAnswered: () => {},
    requestResolved: () => undefined,
  };
}
