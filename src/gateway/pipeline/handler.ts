// The one inference handler, for every protocol: read → parse → validate → requested model →
// [hook: request decoded] → resolve → [hook: request resolved] → plan → initiator / vision →
// passthrough or translate, each with one upstream.send (the account pool chooses inside it, by
// model and conversation; the account that served is noted from the answer, and the answer's
// headers go to the upstreamAnswered hook). The per-protocol differences live in the
// IngressAdapter (./adapter.ts); the planner alone decides passthrough vs translate; the outcome
// is filled on the way and emitted by server.ts when the request ends.
import type { UpstreamRequest, UpstreamResponse } from '../../upstream/types.js';
import { EGRESS } from '../codecs.js';
import { parseJsonObject, readBody } from '../http/read-body.js';
import { applyEffortToBody, applyEffortToIR, effortFor } from '../models/requested-effort.js';
import { resolveModel } from '../models/resolve.js';
import { type ForwardOptions, forwardNative } from '../passthrough/forward.js';
import { shapeEgress } from '../quirks/shape-egress.js';
import type { RequestContext } from '../request-context.js';
import { targetModelOf } from '../target-model.js';
import { chatModelIds, readUpstreamError } from '../upstream-error.js';
import type { IngressAdapter, PlannedRequest } from './adapter.js';
import type { DecodedIR } from './hooks.js';
import type { OutcomeChange } from './outcome.js';
import { type EgressPlan, learnedEndpoints, planAlternative, planEgress } from './plan.js';
import { noteServed } from './request-outcome.js';
import { decodeIngress, translateAnswer } from './translated.js';

export async function runInference<S>(rc: RequestContext, adapter: IngressAdapter<S>): Promise<void> {
  const { ctx, outcome } = rc;
  let raw = rc.body ?? (await readBody(rc.req, ctx.settings.maxBodyBytes));
  const body = parseJsonObject(raw);
  adapter.validate(body, rc);
  outcome.stream = adapter.stream(body, rc);
  const prepared = adapter.prepare(body, rc);
  const state = prepared instanceof Promise ? await prepared : prepared;
  const requested = adapter.requestedModel(body, rc);
  if (typeof requested === 'string') outcome.requestedModel = requested;

  // HOOK 1 (request decoded, model named): API-key model allow-lists.
  // (A hook that answers synchronously is not awaited: no extra turn on the hot path.)
  if (typeof requested === 'string') {
    const changed = ctx.hooks.requestDecoded({
      rc,
      ingress: adapter.protocol,
      body,
      requestedModel: requested,
    });
    if (changed === true || (changed !== false && (await changed))) raw = Buffer.from(JSON.stringify(body));
  }

  const resolved = await (adapter.resolve
    ? adapter.resolve(rc, requested)
    : resolveModel(ctx, requested, rc.traceId, ctx.aliasRules));
  const { model } = resolved;
  outcome.resolvedModel = model.id;
  outcome.multiplier = model.billing?.multiplier;

  // HOOK 2 (model resolved, before planning): the API key's model allow-list, then context
  // management and per-model request shaping (composed in compose.ts).
  let decoded: DecodedIR | undefined;
  const shaping = ctx.hooks.requestResolved({
    rc,
    ingress: adapter.protocol,
    model,
    body,
    bodyBytes: raw.length,
    decode: () => decodeIngress(adapter.protocol, body),
  });
  const fitted = shaping instanceof Promise ? await shaping : shaping;
  if (fitted) {
    if (fitted.changed) raw = Buffer.from(JSON.stringify(body));
    decoded = fitted.decoded;
    if (fitted.changes) outcome.changes.push(...fitted.changes);
    if (fitted.context) outcome.context = fitted.context;
  }

  // A raw Claude effort id (`-high`, `-xhigh`) served by its base model: the effort goes along.
  const effort = resolved.effort && effortFor(resolved.effort, targetModelOf(model).reasoningEfforts);
  // A model listed without endpoint metadata goes where a refusal taught us (models/learned-routes.ts).
  const learned = model.legacyEndpoints ? ctx.learnedRoutes.get(model.id) : undefined;
  let plan = planEgress(adapter.protocol, model, adapter.facts(raw, body), learnedEndpoints(model, learned));
  const initiator = adapter.initiator(body);
  outcome.initiator = initiator;
  const vision = adapter.hasImages(raw, body);

  const planned: PlannedRequest<S> = {
    rc,
    raw,
    body,
    state,
    requestedModel: typeof body.model === 'string' ? body.model : String(requested),
    model,
    plan,
  };
  const call: Call = {
    traceId: rc.traceId,
    cancel: rc.cancel,
    initiator,
    vision,
    endpoint: plan.endpoint,
    // The pool skips accounts whose catalogue lacks the model and keeps a conversation's turns on
    // one account (the key is computed only when the pool has several).
    model: model.id,
    conversation: () => adapter.conversation(body, rc, state),
    // The guard's key check (every access but public) asked the store for other processes'
    // commits after this request arrived: the pool reuses that answer.
    storeChecked: rc.auth !== undefined && rc.auth.via !== 'public',
  };

  const listModels = chatModelIds(ctx, rc.traceId, model.id);
  // Each Copilot answer of either path: the account that served (the pool), then HOOK 3
  // (upstream answered: per-account quota headers).
  const answered = (upstream: UpstreamResponse) => {
    noteServed(rc, upstream);
    rc.outcome.upstreamAnswered(upstream);
    ctx.hooks.upstreamAnswered({ rc, status: upstream.status, headers: upstream.headers });
  };

  // One call on the planned endpoint; for a model listed without endpoint metadata that Copilot
  // refuses there, one more on the next endpoint (same account), before any byte went out.
  for (let attempt = 0; ; attempt++) {
    outcome.egress = plan.endpoint;
    outcome.passthrough = plan.passthrough;
    planned.plan = plan;
    const attemptArgs: Attempt<S> = { rc, adapter, planned, call, effort, requested: String(requested) };
    const sent = plan.passthrough
      ? await sendPassthrough(attemptArgs)
      : await sendTranslated(attemptArgs, decoded);
    answered(sent.upstream);
    const next =
      attempt === 0 && mayReroute(model, sent.upstream)
        ? await rerouteAfter(sent.upstream, adapter.protocol, plan, planned, listModels)
        : undefined;
    if (next) {
      noteChanges(rc, [
        {
          kind: 'route',
          detail: `Copilot refused ${model.id} on ${plan.endpoint} (no endpoint metadata); trying ${next.endpoint}`,
        },
      ]);
      plan = next;
      call.accountId = sent.upstream.accountId;
      continue;
    }
    if (model.legacyEndpoints && sent.upstream.status >= 200 && sent.upstream.status < 300)
      ctx.learnedRoutes.learn(model.id, sent.upstream.accountId, plan.endpoint);
    await sent.finish(listModels);
    return;
  }
}

interface Sent {
  upstream: UpstreamResponse;
  /** Forwards or translates the answer to the client. */
  finish(listModels: () => Promise<string[]>): Promise<void>;
}

type Call = Omit<UpstreamRequest, 'body' | 'headers'>;

/** The call of one attempt, spelled out: one hidden class for every request (see util/extend.ts). */
function upstreamRequest(
  call: Call,
  endpoint: UpstreamRequest['endpoint'],
  body: UpstreamRequest['body'],
  headers: UpstreamRequest['headers'],
): UpstreamRequest {
  return {
    traceId: call.traceId,
    cancel: call.cancel,
    initiator: call.initiator,
    vision: call.vision,
    endpoint,
    model: call.model,
    conversation: call.conversation,
    storeChecked: call.storeChecked,
    accountId: call.accountId,
    method: call.method,
    onMove: call.onMove,
    body,
    headers,
  } satisfies Record<keyof UpstreamRequest, unknown>;
}

/** One call on the planned endpoint: what either path needs to build and send it. */
interface Attempt<S> {
  rc: RequestContext;
  adapter: IngressAdapter<S>;
  planned: PlannedRequest<S>;
  call: Call;
  effort: ReturnType<typeof effortFor> | undefined;
  requested: string;
}

async function sendPassthrough<S>({
  rc,
  adapter,
  planned,
  call,
  effort,
  requested,
}: Attempt<S>): Promise<Sent> {
  const { ctx, outcome } = rc;
  const { body, model, plan } = planned;
  if (effort && applyEffortToBody(adapter.protocol, body, effort)) {
    planned.raw = Buffer.from(JSON.stringify(body));
    noteEffort(rc, requested, model.id, effort);
  }
  const spec = adapter.passthrough(planned);
  // Drift shield and output clamp (quirks/shape-egress.ts): bytes untouched when nothing changes.
  const shaped = shapeEgress({
    endpoint: plan.endpoint,
    payload: spec.payload,
    parsed: body,
    model,
    stream: outcome.stream,
  });
  noteChanges(rc, shaped.changes);
  outcome.upstreamStarted();
  const headers = spec.headers ? withHeaders(model.requestHeaders, spec.headers) : model.requestHeaders;
  const upstream = await ctx.upstream.send(upstreamRequest(call, plan.endpoint, shaped.payload, headers));
  return {
    upstream,
    finish: (listModels) =>
      // Spelled out (one hidden class, util/extend.ts); `satisfies` fails when an option is missing.
      forwardNative(rc, upstream, {
        protocol: plan.egress as 'openai-chat' | 'anthropic' | 'openai-responses',
        stream: outcome.stream,
        model: spec.forward.model,
        fixBody: spec.forward.fixBody,
        observe: spec.forward.observe,
        rewrite: spec.forward.rewrite,
        frames: spec.forward.frames,
        listModels,
      } satisfies Record<keyof ForwardOptions, unknown>),
  };
}

async function sendTranslated<S>(
  { rc, adapter, planned, call, effort, requested }: Attempt<S>,
  decoded: DecodedIR | undefined,
): Promise<Sent> {
  const { ctx } = rc;
  const { body, model, plan } = planned;
  const { ir, codecCtx } = decoded ?? decodeIngress(adapter.protocol, body);
  if (effort && applyEffortToIR(ir, effort)) noteEffort(rc, requested, model.id, effort);
  const spec = adapter.translate(planned, ir);
  const encoded = EGRESS[plan.egress].encodeRequest(ir, targetModelOf(model), codecCtx);
  // The same setting is dropped on every request of a session: one warning per distinct cause.
  for (const w of codecCtx.warnings) {
    const message = `${adapter.protocol} → ${plan.endpoint}: ${w.message}`;
    ctx.warnings.warn(message, message, { trace: rc.traceId });
  }
  const shaped = shapeEgress({ endpoint: plan.endpoint, payload: encoded, model, stream: ir.stream });
  noteChanges(rc, shaped.changes);
  rc.outcome.upstreamStarted();
  const headers = withHeaders(model.requestHeaders, spec.headers);
  const upstream = await ctx.upstream.send(upstreamRequest(call, plan.endpoint, shaped.payload, headers));
  return {
    upstream,
    finish: async (listModels) => {
      if (upstream.status < 200 || upstream.status >= 300)
        throw await readUpstreamError(upstream, plan.egress, listModels);
      await translateAnswer(rc, upstream, { ingress: adapter.protocol, ir, codecCtx, plan }, spec.options);
    },
  };
}

/** Whether the answer may be a refusal rerouteAfter acts on (checked first: no await otherwise). */
function mayReroute(model: PlannedRequest<unknown>['model'], upstream: UpstreamResponse): boolean {
  return model.legacyEndpoints === true && (upstream.status === 400 || upstream.status === 421);
}

/**
 * A model listed without endpoint metadata that Copilot refused on the planned endpoint (400
 * `unsupported_api_for_model`, or 421): the next endpoint to try. Any other failure is thrown
 * as the client's error (its body was read here), and a success goes on as it is.
 */
async function rerouteAfter<S>(
  upstream: UpstreamResponse,
  ingress: IngressAdapter<S>['protocol'],
  plan: EgressPlan,
  planned: PlannedRequest<S>,
  listModels: () => Promise<string[]>,
): Promise<EgressPlan | undefined> {
  const { model } = planned;
  if (!mayReroute(model, upstream)) return undefined;
  const next = planAlternative(ingress, model, plan.endpoint);
  if (!next) return undefined;
  if (upstream.status === 421) {
    upstream.body.destroy();
    return next;
  }
  const err = await readUpstreamError(upstream, plan.egress, listModels);
  if (err.code === 'unsupported_api_for_model') return next;
  throw err;
}

/** What the gateway changed on the way: in the outcome record, and one log line per request. */
function noteChanges(rc: RequestContext, changes: OutcomeChange[]): void {
  if (changes.length === 0) return;
  rc.outcome.changes.push(...changes);
  rc.ctx.log.info(`${rc.path}: ${changes.map((c) => c.detail).join('; ')}`, { trace: rc.traceId });
}

function noteEffort(rc: RequestContext, requested: string, served: string, effort: string): void {
  noteChanges(rc, [{ kind: 'effort', detail: `${requested} served as ${served} at effort ${effort}` }]);
}

/** The model's own upstream headers with the adapter's over them (a new object either way). */
function withHeaders(
  own: Record<string, string> | undefined,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  return Object.assign({}, own, extra);
}
