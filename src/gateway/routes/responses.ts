// POST /v1/responses: native passthrough for responses-capable models (the body keeps what
// Copilot needs: store, include, encrypted reasoning); other models are translated through the
// IR to /v1/messages or /chat/completions. previous_response_id is expanded from our own store
// on every path, since Copilot itself keeps nothing.
import { prepareRawRequest } from '../../context/prepare.js';
import { GatewayError } from '../../protocols/ir/errors.js';
import { parseJsonObject, readBody } from '../http/read-body.js';
import { responsesInitiator } from '../initiator.js';
import { resolveModel } from '../models/resolve.js';
import { sendAndForward } from '../passthrough/forward.js';
import { setTopLevel } from '../passthrough/patch-json.js';
import { ResponsesItemIdNormalizer } from '../passthrough/responses-item-ids.js';
import { planEgress } from '../plan.js';
import type { RequestContext } from '../request-context.js';
import { createCompletedResponseTap, expandPreviousResponse } from '../responses-chain.js';
import { screenHostedTools } from '../responses-hosted-tools.js';
import { decodeIngress, translateAndForward } from '../translate.js';
import { bodyHasImages } from '../vision.js';

type Json = Record<string, unknown>;

export async function responses(rc: RequestContext): Promise<void> {
  const { ctx } = rc;
  const raw = await readBody(rc.req, ctx.settings.maxBodyBytes);
  const body = parseJsonObject(raw);
  if (body.input === undefined && body.previous_response_id === undefined) {
    throw GatewayError.invalid('"input" is required (a string or an array of input items)', {
      param: 'input',
    });
  }
  if (body.background === true) {
    throw GatewayError.invalid(
      'Background responses are not supported by the gateway; send background:false',
      { param: 'background' },
    );
  }
  // Built-in tools Copilot cannot run: dropped with a warning or a 400, per tool type, before
  // planning, so every egress path answers alike (see responses-hosted-tools.ts).
  const screened = screenHostedTools(body);
  for (const w of screened.warnings) ctx.log.warn(`/v1/responses: ${w}`, { trace: rc.traceId });
  const clientModel = String(body.model);
  const chained = body.previous_response_id !== undefined && body.previous_response_id !== null;
  const fullInput = expandPreviousResponse(body, ctx.responses, ctx.settings.responseStore.ttlSec);
  const { model } = await resolveModel(ctx, body.model, rc.traceId, ctx.aliasRules);
  // Request shaping and context management (src/context/) on the expanded input; the pipeline's
  // post-resolution hook. The stored input (fullInput) stays the client's own history.
  const prepared = await prepareRawRequest(ctx, 'openai-responses', {
    body,
    bodyBytes: raw.length,
    model,
    traceId: rc.traceId,
  });
  for (const c of prepared.changes) ctx.log.info(`${c.kind}: ${c.detail}`, { trace: rc.traceId });
  const plan = planEgress('openai-responses', model);
  const initiator = responsesInitiator(body);
  const vision = bodyHasImages(undefined, body);

  // Keep our own copy unless the client asked for store:false (Codex does; it resends history).
  const store = body.store !== false && ctx.responses ? ctx.responses : undefined;
  const remember = (response: Json) => {
    if (!store || typeof response.id !== 'string' || !Array.isArray(response.output)) return;
    store.put({ id: response.id, model: model.id, input: fullInput, output: response.output });
  };

  if (plan.passthrough) {
    // Copilot keeps nothing: always store:false upstream; our store provides the chaining.
    // A chained or screened body was rebuilt and must be re-serialised; otherwise the client's
    // bytes go as they came, with two targeted patches (model, store).
    let payload: Buffer | string;
    if (chained || screened.changed || prepared.changed) {
      payload = JSON.stringify({ ...prepared.body, model: model.id, store: false });
    } else {
      payload = body.model === model.id ? raw : setTopLevel(raw, 'model', model.id);
      if (body.store !== false) payload = setTopLevel(payload, 'store', false);
    }
    const tap = store ? createCompletedResponseTap(remember) : undefined;
    const normalizer = body.stream === true ? new ResponsesItemIdNormalizer(clientModel) : undefined;
    await sendAndForward(
      rc,
      { plan, model, payload, initiator, vision },
      {
        protocol: 'openai-responses',
        stream: body.stream === true,
        model: clientModel,
        observe: tap && { frame: tap.frame, json: remember },
        // Item ids stay as first announced, even where Copilot changes them at .done; heartbeats
        // and failures continue the upstream's own stream.
        rewrite: normalizer,
        frames: normalizer,
      },
    );
    return;
  }
  const { ir, codecCtx } = decodeIngress('openai-responses', prepared.body);
  const tap = store && ir.stream ? createCompletedResponseTap(remember) : undefined;
  await translateAndForward(rc, {
    ingress: 'openai-responses',
    ir,
    codecCtx,
    model,
    plan,
    initiator,
    vision,
    observeOutput: tap,
    onComplete: ({ encoded }) => {
      if (encoded && typeof encoded === 'object') remember(encoded as Json);
    },
  });
}
