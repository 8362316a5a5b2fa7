// The per-protocol half of the pipeline: what the one handler (handler.ts) needs to know about a
// client protocol. Everything here is a small function of the request; codecs (decode, encode,
// stream encoder) come from the codec registry by `protocol`. `S` is the adapter's own
// per-request state (e.g. the Responses chain), built once by `prepare`.
import type { ProtocolId } from '../../protocols/ir/types.js';
import type { CopilotModel, Initiator } from '../../upstream/types.js';
import type { ResolvedModel } from '../models/resolve.js';
import type { ForwardOptions } from '../passthrough/forward.js';
import type { RequestContext } from '../request-context.js';
import type { EgressPlan, RequestFacts } from './plan.js';
import type { TranslateOptions } from './translated.js';

type Json = Record<string, unknown>;

/** A request as the handler holds it once the model is resolved and the egress planned. */
export interface PlannedRequest<S> {
  rc: RequestContext;
  /** The client's bytes (re-serialised when a hook reshaped the body). */
  raw: Buffer;
  body: Json;
  state: S;
  /** The name the client asked for (what its answer must carry back). */
  requestedModel: string;
  model: CopilotModel;
  plan: EgressPlan;
}

/** How the raw body goes to the native endpoint. */
export interface PassthroughSpec {
  /** The client's raw body with targeted patches (model id, Copilot quirks). */
  payload: Buffer | string;
  /** Extra upstream headers, merged over the model's own request headers. */
  headers?: Record<string, string>;
  forward: Omit<ForwardOptions, 'protocol' | 'stream'>;
}

/** How the translated request is sent and its answer written. */
export interface TranslateSpec {
  headers?: Record<string, string>;
  options: TranslateOptions;
}

export interface IngressAdapter<S = undefined> {
  protocol: ProtocolId;
  /** Throws a 4xx GatewayError naming the field to fix. */
  validate(body: Json, rc: RequestContext): void;
  /** Per-request state, once the body is valid (may rewrite the body, e.g. chained input). */
  prepare(body: Json, rc: RequestContext): S;
  /** The model name to resolve (from the body, the path, or a protocol rule such as warm-up). */
  requestedModel(body: Json, rc: RequestContext): unknown;
  /** Whether the client asked for a stream. */
  stream(body: Json, rc: RequestContext): boolean;
  /** X-Initiator: a person's turn or an agent's follow-up. */
  initiator(body: Json): Initiator;
  /** Whether the request carries images (Copilot-Vision-Request). */
  hasImages(raw: Buffer, body: Json): boolean;
  /** Facts the planner weighs (e.g. reasoning minted by another upstream). */
  facts(raw: Buffer, body: Json): RequestFacts;
  /** Model resolution with the protocol's own error shape (default: resolveModel). */
  resolve?(rc: RequestContext, requested: unknown): Promise<ResolvedModel>;
  /** The raw body, patched for the native endpoint. */
  passthrough(req: PlannedRequest<S>): PassthroughSpec;
  /** Protocol adjustments to the decoded request and how its answer goes back. */
  translate(req: PlannedRequest<S>, ir: import('../../protocols/ir/types.js').IRRequest): TranslateSpec;
}
