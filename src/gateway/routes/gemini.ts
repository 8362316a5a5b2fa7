// Gemini ingress: POST /v1beta/models/{model}:generateContent | :streamGenerateContent |
// :countTokens, GET /v1beta/models and /v1beta/models/{model} (also under /v1). Gemini clients
// reach every Copilot model: the request is always translated (Copilot has no Gemini API),
// to /chat/completions, /v1/messages or /responses as the model's endpoints allow.

import { GatewayError, quoteInput } from '../../errors/gateway-error.js';
import { countIRTokensAsync } from '../../protocols/anthropic/index.js';
import { decodeCountTokensRequest } from '../../protocols/gemini/index.js';
import { geminiHasImages, geminiInitiator } from '../../protocols/gemini/request-facts.js';
import { geminiConversationKey } from '../../upstream/accounts/conversation-key.js';
import { parseJsonObject, readBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import { assertModelAllowed, visibleModels } from '../middleware/model-allow.js';
import { toGeminiModel } from '../models/listings.js';
import { resolveModel } from '../models/resolve.js';
import type { IngressAdapter } from '../pipeline/adapter.js';
import { runInference } from '../pipeline/handler.js';
import type { RequestContext } from '../request-context.js';

export const GEMINI_ACTION = /^\/(?:v1beta|v1|v1alpha)\/models\/([^/:]+):([A-Za-z]+)$/;
export const GEMINI_MODEL = /^\/(?:v1beta|v1alpha)\/models\/([^/:]+)$/;

export async function geminiAction(rc: RequestContext): Promise<void> {
  const { ctx } = rc;
  const method = rc.params.method;
  if (method === 'countTokens') {
    rc.outcome.ingress = 'count-tokens';
    const body = parseJsonObject(await readBody(rc.req, ctx.settings.maxBodyBytes));
    const ir = decodeCountTokensRequest(body);
    let tokenizer: 'o200k_base' | 'cl100k_base' = 'o200k_base';
    try {
      const { model } = await resolveGeminiModel(rc);
      if (model.tokenizer === 'cl100k_base') tokenizer = 'cl100k_base';
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
    }
    sendJson(rc.res, 200, { totalTokens: await countIRTokensAsync(ir, tokenizer) });
    return;
  }
  if (method !== 'generateContent' && method !== 'streamGenerateContent') {
    rc.req.resume();
    throw new GatewayError(
      'not_found',
      `Unknown method "${quoteInput(method)}"; the gateway serves generateContent, streamGenerateContent and countTokens`,
    );
  }
  await runInference(rc, geminiAdapter);
}

/** The Gemini ingress adapter: always translated (Copilot has no Gemini endpoint). */
export const geminiAdapter: IngressAdapter = {
  protocol: 'gemini',
  validate: () => {},
  prepare: () => undefined,
  requestedModel: (_body, rc) => rc.params.model,
  stream: (_body, rc) => rc.params.method === 'streamGenerateContent',
  initiator: geminiInitiator,
  hasImages: geminiHasImages,
  facts: () => ({}),
  conversation: (_body, rc) => geminiConversationKey(rc.req.headers),
  passthrough() {
    throw new GatewayError('api', 'Copilot has no Gemini endpoint: a Gemini request is always translated');
  },
  translate({ rc }, ir) {
    const sse = rc.query.get('alt') === 'sse';
    ir.model = rc.params.model.replace(/^models\//, '');
    ir.stream = rc.params.method === 'streamGenerateContent';
    ir.meta = { ...ir.meta, gemini: { ...ir.meta?.gemini, streamMode: sse ? 'sse' : 'json-array' } };
    return { options: { streamContentType: sse ? undefined : 'application/json; charset=utf-8' } };
  },
  resolve: resolveGeminiModel,
};

export async function geminiListModels(rc: RequestContext): Promise<void> {
  const models = await rc.ctx.models.list(rc.traceId);
  sendJson(rc.res, 200, {
    models: visibleModels(rc, models)
      .filter((m) => m.type !== 'completion')
      .map(toGeminiModel),
  });
}

export async function geminiGetModel(rc: RequestContext): Promise<void> {
  const { model } = await resolveGeminiModel(rc);
  assertModelAllowed(rc, model.id);
  sendJson(rc.res, 200, toGeminiModel(model));
}

/**
 * Like Google's API, an unknown model is 404 NOT_FOUND for a Gemini client (Gemini CLI treats a
 * 400 as a bad request it cannot fix), and the hint names the Gemini listing route.
 */
async function resolveGeminiModel(rc: RequestContext, requested: unknown = rc.params.model) {
  try {
    return await resolveModel(rc.ctx, requested, rc.traceId, rc.ctx.aliasRules);
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'model_not_supported') {
      throw new GatewayError('not_found', err.message.replace('GET /v1/models', 'GET /v1beta/models'), {
        code: err.code,
      });
    }
    throw err;
  }
}
