// GET /v1/models (OpenAI list; each entry keeps Copilot's capabilities) and /v1/models/{id}.
import { GatewayError } from '../../errors/gateway-error.js';
import { sendJson } from '../http/respond.js';
import { visibleModels } from '../middleware/model-allow.js';
import { toOpenAIModel } from '../models/listings.js';
import type { RequestContext } from '../request-context.js';
import { geminiGetModel, geminiListModels } from './gemini.js';

/**
 * Gemini clients also use /v1/models; they identify themselves with a Google-style key. Their
 * errors (e.g. an unknown model) then take Gemini's shape too.
 */
function isGeminiClient(rc: RequestContext): boolean {
  const gemini = rc.req.headers['x-goog-api-key'] !== undefined || rc.query.has('key');
  if (gemini) rc.protocol = 'gemini';
  return gemini;
}

export async function listModels(rc: RequestContext): Promise<void> {
  if (isGeminiClient(rc)) return geminiListModels(rc);
  const models = await rc.ctx.models.list(rc.traceId);
  sendJson(rc.res, 200, {
    object: 'list',
    data: visibleModels(rc, models).map(toOpenAIModel),
    has_more: false,
  });
}

export async function getModel(rc: RequestContext): Promise<void> {
  if (isGeminiClient(rc)) return geminiGetModel(rc);
  const id = rc.params.model;
  const m = await rc.ctx.models.find(id, rc.traceId);
  if (!m)
    throw new GatewayError(
      'not_found',
      `The model "${id}" does not exist on this Copilot account; GET /v1/models lists the available ones`,
      { param: 'model', code: 'model_not_found' },
    );
  sendJson(rc.res, 200, toOpenAIModel(m));
}
