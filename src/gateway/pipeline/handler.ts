// The one inference handler, for every protocol: read → parse → validate → requested model →
// [hook: request decoded] → resolve → [hook: request resolved] → plan → initiator / vision → [hook: account] → passthrough or
// translate. The per-protocol differences live in the IngressAdapter (./adapter.ts); the planner
// alone decides passthrough vs translate; the outcome is filled on the way and emitted by
// server.ts when the request ends.
import { EGRESS } from '../codecs.js';
import { parseJsonObject, readBody } from '../http/read-body.js';
import { resolveModel } from '../models/resolve.js';
import { forwardNative } from '../passthrough/forward.js';
import type { RequestContext } from '../request-context.js';
import { targetModelOf } from '../target-model.js';
import { readUpstreamError } from '../upstream-error.js';
import type { IngressAdapter, PlannedRequest } from './adapter.js';
import type { DecodedIR } from './hooks.js';
import { planEgress } from './plan.js';
import { decodeIngress, translateAnswer } from './translated.js';

export async function runInference<S>(rc: RequestContext, adapter: IngressAdapter<S>): Promise<void> {
  const { ctx, outcome } = rc;
  let raw = await readBody(rc.req, ctx.settings.maxBodyBytes);
  const body = parseJsonObject(raw);
  adapter.validate(body, rc);
  outcome.stream = adapter.stream(body, rc);
  const state = adapter.prepare(body, rc);
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

  const { model } = await (adapter.resolve
    ? adapter.resolve(rc, requested)
    : resolveModel(ctx, requested, rc.traceId, ctx.aliasRules));
  outcome.resolvedModel = model.id;

  // HOOK 2 (model resolved, before planning): context management, per-model request shaping.
  let decoded: DecodedIR | undefined;
  const resolved = ctx.hooks.requestResolved({
    rc,
    ingress: adapter.protocol,
    model,
    body,
    bodyBytes: raw.length,
    decode: () => decodeIngress(adapter.protocol, body),
  });
  const shaped = resolved instanceof Promise ? await resolved : resolved;
  if (shaped) {
    if (shaped.changed) raw = Buffer.from(JSON.stringify(body));
    decoded = shaped.decoded;
    if (shaped.changes) outcome.changes.push(...shaped.changes);
    if (shaped.context) outcome.context = shaped.context;
  }

  const plan = planEgress(adapter.protocol, model, adapter.facts(raw, body));
  outcome.egress = plan.endpoint;
  outcome.passthrough = plan.passthrough;
  const initiator = adapter.initiator(body);
  outcome.initiator = initiator;
  const vision = adapter.hasImages(raw, body);

  // HOOK 3 (before the upstream call): the account pool picks the account.
  const account = ctx.hooks.selectAccount({
    rc,
    ingress: adapter.protocol,
    model,
    plan,
    initiator,
    body,
  });
  rc.accountId = account instanceof Promise ? await account : account;

  const planned: PlannedRequest<S> = {
    rc,
    raw,
    body,
    state,
    requestedModel: typeof body.model === 'string' ? body.model : String(requested),
    model,
    plan,
  };
  const call = { traceId: rc.traceId, cancel: rc.cancel, initiator, vision, endpoint: plan.endpoint };

  if (plan.passthrough) {
    const spec = adapter.passthrough(planned);
    const upstream = await ctx.upstream.send({
      ...call,
      body: spec.payload,
      headers: spec.headers ? { ...model.requestHeaders, ...spec.headers } : model.requestHeaders,
    });
    await forwardNative(rc, upstream, {
      ...spec.forward,
      protocol: plan.egress as 'openai-chat' | 'anthropic' | 'openai-responses',
      stream: outcome.stream,
    });
    return;
  }

  const { ir, codecCtx } = decoded ?? decodeIngress(adapter.protocol, body);
  const spec = adapter.translate(planned, ir);
  const upstreamBody = EGRESS[plan.egress].encodeRequest(ir, targetModelOf(model), codecCtx);
  // The same setting is dropped on every request of a session: one warning per distinct cause.
  for (const w of codecCtx.warnings) {
    const message = `${adapter.protocol} → ${plan.endpoint}: ${w.message}`;
    ctx.warnings.warn(message, message, { trace: rc.traceId });
  }
  const upstream = await ctx.upstream.send({
    ...call,
    body: upstreamBody,
    headers: { ...model.requestHeaders, ...spec.headers },
  });
  if (upstream.status < 200 || upstream.status >= 300) throw await readUpstreamError(upstream, plan.egress);
  await translateAnswer(rc, upstream, { ingress: adapter.protocol, ir, codecCtx, plan }, spec.options);
}
