// Context management and request shaping as the pipeline's requestResolved hook (after model
// resolution, before planning). Anthropic, Chat and Responses bodies are fitted raw, so the
// passthrough and translated paths carry the same result; Responses sees the input already
// expanded from previous_response_id. Gemini has no raw adapter: its decoded IR is fitted and
// handed back for the translated path.
import type { GatewayContext } from '../gateway/context.js';
import type { ResolvedAnswer, ResolvedRequest } from '../gateway/pipeline/hooks.js';
import { nothingToPrepare, type Prepared, prepareIRRequest, prepareRawRequest } from './prepare.js';

type Json = Record<string, unknown>;

/** Makes `target` hold exactly the fields of `source` (the handler keeps its body object). */
function replaceFields(target: Json, source: Json): void {
  for (const k of Object.keys(target)) if (!(k in source)) delete target[k];
  Object.assign(target, source);
}

function logChanges(ctx: GatewayContext, traceId: string, p: Prepared<unknown>): void {
  for (const c of p.changes) ctx.log.info(`${c.kind}: ${c.detail}`, { trace: traceId });
}

export function contextHook(
  ctx: GatewayContext,
): (req: ResolvedRequest) => Promise<ResolvedAnswer> | undefined {
  return (req) => {
    // Most requests: nothing to shape, too small to count; answered synchronously.
    if (nothingToPrepare(ctx.settings, req.ingress, req)) return undefined;
    return prepare(ctx, req);
  };
}

async function prepare(
  ctx: GatewayContext,
  { rc, ingress, model, body, bodyBytes, decode }: ResolvedRequest,
): Promise<ResolvedAnswer> {
  if (ingress === 'gemini') {
    const decoded = decode();
    const prepared = await prepareIRRequest(ctx, { bodyBytes, model, traceId: rc.traceId, body: decoded.ir });
    logChanges(ctx, rc.traceId, prepared);
    return {
      changed: false,
      decoded: { ir: prepared.body, codecCtx: decoded.codecCtx },
      changes: prepared.changes,
      context: prepared.context,
    };
  }
  const prepared = await prepareRawRequest(ctx, ingress, { bodyBytes, model, traceId: rc.traceId, body });
  logChanges(ctx, rc.traceId, prepared);
  if (prepared.changed) replaceFields(body, prepared.body);
  return { changed: prepared.changed, changes: prepared.changes, context: prepared.context };
}
