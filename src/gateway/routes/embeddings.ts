// POST /v1/embeddings: passthrough to Copilot /embeddings.
import { GatewayError } from '../../errors/gateway-error.js';
import { parseJsonObject, readBody } from '../http/read-body.js';
import { assertModelAllowed } from '../middleware/model-allow.js';
import { resolveModel } from '../models/resolve.js';
import { forwardNative } from '../passthrough/forward.js';
import { setTopLevel } from '../passthrough/patch-json.js';
import { noteServed } from '../pipeline/request-outcome.js';
import type { RequestContext } from '../request-context.js';

export async function embeddings(rc: RequestContext): Promise<void> {
  const { ctx } = rc;
  const raw = await readBody(rc.req, ctx.settings.maxBodyBytes);
  const body = parseJsonObject(raw);
  const input = body.input;
  const valid = typeof input === 'string' || (Array.isArray(input) && input.length > 0);
  if (!valid) throw GatewayError.invalid('"input" must be a string or a non-empty array', { param: 'input' });
  if (typeof body.model === 'string') rc.outcome.requestedModel = body.model;
  const { model } = await resolveModel(ctx, body.model, rc.traceId);
  rc.outcome.resolvedModel = model.id;
  assertModelAllowed(rc, model.id);
  if (model.type !== 'embeddings') {
    throw GatewayError.invalid(
      `Model "${model.id}" is not an embeddings model; GET /v1/models lists the models whose capabilities.type is "embeddings"`,
      { param: 'model' },
    );
  }
  rc.outcome.egress = '/embeddings';
  rc.outcome.passthrough = true;
  const payload = body.model === model.id ? raw : setTopLevel(raw, 'model', model.id);
  const upstream = await ctx.upstream.send({
    endpoint: '/embeddings',
    body: payload,
    traceId: rc.traceId,
    cancel: rc.cancel,
    initiator: 'user',
    model: model.id,
  });
  noteServed(rc, upstream);
  await forwardNative(rc, upstream, { protocol: 'openai-chat', stream: false, model: model.id });
}
