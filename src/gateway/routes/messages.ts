// POST /v1/messages (also ?beta=true): native passthrough to Copilot's /v1/messages when the
// model has it; otherwise translated through the IR to /responses or /chat/completions.
import { prepareRawRequest } from '../../context/prepare.js';
import { ENCRYPTED_SIGNATURE_PREFIX } from '../../protocols/anthropic/foreign-reasoning.js';
import { GatewayError } from '../../protocols/ir/errors.js';
import { reduceAnthropicBeta } from '../anthropic-beta.js';
import { parseJsonObject, readBody } from '../http/read-body.js';
import { anthropicInitiator } from '../initiator.js';
import { resolveModel } from '../models/resolve.js';
import { sendAndForward } from '../passthrough/forward.js';
import { setTopLevel } from '../passthrough/patch-json.js';
import { planEgress } from '../plan.js';
import type { RequestContext } from '../request-context.js';
import { decodeIngress, translateAndForward } from '../translate.js';
import { bodyHasImages } from '../vision.js';
import { isWarmup } from '../warmup.js';

export async function messages(rc: RequestContext): Promise<void> {
  const { ctx } = rc;
  const raw = await readBody(rc.req, ctx.settings.maxBodyBytes);
  const body = parseJsonObject(raw);
  if (!Array.isArray(body.messages)) {
    throw GatewayError.invalid('messages: Field required (an array of {role, content})', {
      param: 'messages',
    });
  }
  if (typeof body.max_tokens !== 'number') {
    throw GatewayError.invalid('max_tokens: Field required (a positive integer)', { param: 'max_tokens' });
  }
  let requested = body.model;
  if (ctx.settings.smallModel && isWarmup(body)) {
    ctx.log.debug(`warm-up probe for ${String(requested)} sent to smallModel ${ctx.settings.smallModel}`, {
      trace: rc.traceId,
    });
    requested = ctx.settings.smallModel;
  }
  const { model } = await resolveModel(ctx, requested, rc.traceId, ctx.aliasRules);
  // Request shaping and context management (src/context/); the pipeline's post-resolution hook.
  const prepared = await prepareRawRequest(ctx, 'anthropic', {
    body,
    bodyBytes: raw.length,
    model,
    traceId: rc.traceId,
  });
  for (const c of prepared.changes) ctx.log.info(`${c.kind}: ${c.detail}`, { trace: rc.traceId });
  const plan = planEgress('anthropic', model);
  const initiator = anthropicInitiator(body);
  const vision = bodyHasImages(raw, body);
  const beta = reduceAnthropicBeta(rc.req.headers['anthropic-beta']);
  if (beta.dropped.length && ctx.log.verbose)
    ctx.log.debug(`anthropic-beta not accepted by Copilot, dropped: ${beta.dropped.join(',')}`, {
      trace: rc.traceId,
    });

  // Thinking blocks that carry another upstream's state (a session that switched models) would be
  // rejected by Claude as invalid signatures: those requests go through the IR, which drops them.
  if (plan.passthrough && raw.indexOf(ENCRYPTED_SIGNATURE_PREFIX) === -1) {
    const payload = prepared.changed
      ? JSON.stringify({ ...prepared.body, model: model.id })
      : body.model === model.id
        ? raw
        : setTopLevel(raw, 'model', model.id);
    const headers: Record<string, string> = {};
    if (beta.kept) headers['anthropic-beta'] = beta.kept;
    const version = rc.req.headers['anthropic-version'];
    headers['anthropic-version'] = typeof version === 'string' ? version : '2023-06-01';
    await sendAndForward(
      rc,
      { plan, model, payload, initiator, vision, headers },
      {
        protocol: 'anthropic',
        stream: body.stream === true,
        model: String(body.model),
      },
    );
    return;
  }
  const { ir, codecCtx } = decodeIngress('anthropic', prepared.body);
  const headers = plan.egress === 'anthropic' && beta.kept ? { 'anthropic-beta': beta.kept } : undefined;
  await translateAndForward(rc, {
    ingress: 'anthropic',
    ir,
    codecCtx,
    model,
    plan: { ...plan, passthrough: false },
    initiator,
    vision,
    headers,
  });
}
