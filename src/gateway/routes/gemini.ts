// Gemini ingress: POST /v1beta/models/{model}:generateContent | :streamGenerateContent |
// :countTokens, GET /v1beta/models and /v1beta/models/{model} (also under /v1). Gemini clients
// reach every Copilot model: the request is always translated (Copilot has no Gemini API),
// to /chat/completions, /v1/messages or /responses as the model's endpoints allow.
import { prepareIRRequest } from '../../context/prepare.js';
import { countIRTokens } from '../../protocols/anthropic/index.js';
import { decodeCountTokensRequest, toGeminiModel } from '../../protocols/gemini/index.js';
import { GatewayError } from '../../protocols/ir/errors.js';
import { parseJsonObject, readBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import { geminiInitiator } from '../initiator.js';
import { resolveModel } from '../models/resolve.js';
import { planEgress } from '../plan.js';
import type { RequestContext } from '../request-context.js';
import { decodeIngress, translateAndForward } from '../translate.js';
import { bodyHasImages } from '../vision.js';

export const GEMINI_ACTION = /^\/(?:v1beta|v1|v1alpha)\/models\/([^/:]+):([A-Za-z]+)$/;
export const GEMINI_MODEL = /^\/(?:v1beta|v1alpha)\/models\/([^/:]+)$/;

export async function geminiAction(rc: RequestContext): Promise<void> {
  const { ctx } = rc;
  const method = rc.params.method;
  const raw = await readBody(rc.req, ctx.settings.maxBodyBytes);
  const body = parseJsonObject(raw);
  if (method === 'countTokens') {
    const ir = decodeCountTokensRequest(body);
    let tokenizer: 'o200k_base' | 'cl100k_base' = 'o200k_base';
    try {
      const { model } = await resolveGeminiModel(rc);
      if (model.tokenizer === 'cl100k_base') tokenizer = 'cl100k_base';
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
    }
    sendJson(rc.res, 200, { totalTokens: countIRTokens(ir, tokenizer) });
    return;
  }
  if (method !== 'generateContent' && method !== 'streamGenerateContent') {
    throw new GatewayError(
      'not_found',
      `Unknown method "${method}"; the gateway serves generateContent, streamGenerateContent and countTokens`,
    );
  }
  const { model } = await resolveGeminiModel(rc);
  const plan = planEgress('gemini', model);
  const stream = method === 'streamGenerateContent';
  const sse = rc.query.get('alt') === 'sse';
  const { ir, codecCtx } = decodeIngress('gemini', body);
  ir.model = rc.params.model.replace(/^models\//, '');
  ir.stream = stream;
  ir.meta = { ...ir.meta, gemini: { ...ir.meta?.gemini, streamMode: sse ? 'sse' : 'json-array' } };
  // Request shaping and context management (src/context/); the pipeline's post-resolution hook.
  const prepared = await prepareIRRequest(ctx, {
    body: ir,
    bodyBytes: raw.length,
    model,
    traceId: rc.traceId,
  });
  for (const c of prepared.changes) ctx.log.info(`${c.kind}: ${c.detail}`, { trace: rc.traceId });
  await translateAndForward(rc, {
    ingress: 'gemini',
    ir: prepared.body,
    codecCtx,
    model,
    plan,
    initiator: geminiInitiator(body),
    vision: bodyHasImages(raw, body),
    streamContentType: sse ? undefined : 'application/json; charset=utf-8',
  });
}

export async function geminiListModels(rc: RequestContext): Promise<void> {
  const models = await rc.ctx.models.list(rc.traceId);
  sendJson(rc.res, 200, { models: models.filter((m) => m.type !== 'completion').map(toGeminiModel) });
}

export async function geminiGetModel(rc: RequestContext): Promise<void> {
  const { model } = await resolveGeminiModel(rc);
  sendJson(rc.res, 200, toGeminiModel(model));
}

/**
 * Like Google's API, an unknown model is 404 NOT_FOUND for a Gemini client (Gemini CLI treats a
 * 400 as a bad request it cannot fix), and the hint names the Gemini listing route.
 */
async function resolveGeminiModel(rc: RequestContext) {
  try {
    return await resolveModel(rc.ctx, rc.params.model, rc.traceId, rc.ctx.aliasRules);
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'model_not_supported') {
      throw new GatewayError('not_found', err.message.replace('GET /v1/models', 'GET /v1beta/models'), {
        code: err.code,
      });
    }
    throw err;
  }
}
