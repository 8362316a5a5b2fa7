// POST /v1/chat/completions: native passthrough for chat-capable models; otherwise translated
// through the IR to /v1/messages or /responses (planning decides).
import { prepareRawRequest } from '../../context/prepare.js';
import { GatewayError } from '../../protocols/ir/errors.js';
import { parseJsonObject, readBody } from '../http/read-body.js';
import { chatInitiator } from '../initiator.js';
import { resolveModel } from '../models/resolve.js';
import { sendAndForward } from '../passthrough/forward.js';
import { splitChoicesFix } from '../passthrough/merge-choices.js';
import { renameTopLevel, setTopLevel } from '../passthrough/patch-json.js';
import { planEgress } from '../plan.js';
import type { RequestContext } from '../request-context.js';
import { targetModelOf } from '../target-model.js';
import { decodeIngress, translateAndForward } from '../translate.js';
import { bodyHasImages } from '../vision.js';

export async function chatCompletions(rc: RequestContext): Promise<void> {
  const { ctx } = rc;
  const raw = await readBody(rc.req, ctx.settings.maxBodyBytes);
  const body = parseJsonObject(raw);
  if (!Array.isArray(body.messages)) {
    throw GatewayError.invalid('"messages" must be an array of chat messages', { param: 'messages' });
  }
  const { model } = await resolveModel(ctx, body.model, rc.traceId, ctx.aliasRules);
  // Request shaping and context management (src/context/); the pipeline's post-resolution hook.
  const prepared = await prepareRawRequest(ctx, 'openai-chat', {
    body,
    bodyBytes: raw.length,
    model,
    traceId: rc.traceId,
  });
  for (const c of prepared.changes) ctx.log.info(`${c.kind}: ${c.detail}`, { trace: rc.traceId });
  const plan = planEgress('openai-chat', model);
  const initiator = chatInitiator(body);
  const vision = bodyHasImages(raw, body);
  if (plan.passthrough) {
    let payload: Buffer | string = prepared.changed
      ? JSON.stringify({ ...prepared.body, model: model.id })
      : body.model === model.id
        ? raw
        : setTopLevel(raw, 'model', model.id);
    // Reasoning models (those that list reasoning efforts) refuse the legacy max_tokens on chat
    // ("Use 'max_completion_tokens' instead"); older clients still send it. Same rule as the
    // chat encoder uses on the translated path.
    if (
      body.max_tokens !== undefined &&
      body.max_completion_tokens === undefined &&
      (targetModelOf(model).reasoningEfforts?.length ?? 0) > 0
    ) {
      payload = renameTopLevel(
        Buffer.isBuffer(payload) ? payload : Buffer.from(payload),
        'max_tokens',
        'max_completion_tokens',
      );
    }
    const n = typeof body.n === 'number' ? body.n : 1;
    await sendAndForward(
      rc,
      { plan, model, payload, initiator, vision },
      {
        protocol: 'openai-chat',
        stream: body.stream === true,
        model: String(body.model),
        fixBody: n <= 1 ? splitChoicesFix : undefined,
      },
    );
    return;
  }
  const { ir, codecCtx } = decodeIngress('openai-chat', prepared.body);
  await translateAndForward(rc, { ingress: 'openai-chat', ir, codecCtx, model, plan, initiator, vision });
}
