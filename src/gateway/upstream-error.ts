// Turns a non-2xx upstream response into a GatewayError using the egress protocol's codec
// (which knows its own error shapes and falls back to the generic mapping).
import { copilotOverflowError } from '../context/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { ProtocolId } from '../protocols/ir/types.js';
import type { UpstreamResponse } from '../upstream/types.js';
import { EGRESS } from './codecs.js';
import type { GatewayContext } from './context.js';

const MAX_ERROR_BODY = 64 * 1024;

export async function readUpstreamError(
  res: UpstreamResponse,
  egress: ProtocolId | undefined,
  /** The account's model ids, to say which models the plan allows when Copilot refuses one. */
  listModels?: () => Promise<string[]>,
): Promise<GatewayError> {
  let text = '';
  try {
    for await (const chunk of res.body) {
      text += (chunk as Buffer).toString('utf8');
      if (text.length > MAX_ERROR_BODY) {
        res.body.destroy();
        break;
      }
    }
  } catch (err) {
    return new GatewayError(
      'upstream',
      `Copilot answered HTTP ${res.status} and then failed: ${(err as Error).message}`,
    );
  }
  let body: unknown = text;
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('json') || text.startsWith('{')) {
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text
    }
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v[0] : v;
  const codec = egress ? EGRESS[egress] : EGRESS['openai-chat'];
  // Copilot's prompt-limit answers read like the gateway's own context_length error.
  const err = copilotOverflowError(codec.decodeError(res.status, body, headers));
  if (err.code === 'no_available_model_endpoints' && listModels) return withAllowedModels(err, listModels);
  return err;
}

/** no_available_model_endpoints: the message lists the chat models the account does offer. */
async function withAllowedModels(
  err: GatewayError,
  listModels: () => Promise<string[]>,
): Promise<GatewayError> {
  let ids: string[] = [];
  try {
    ids = await listModels();
  } catch {
    return err;
  }
  if (ids.length === 0) return err;
  const shown = ids.slice(0, 40).join(', ') + (ids.length > 40 ? ', …' : '');
  return new GatewayError(err.kind, `${err.message} This account lists: ${shown}.`, {
    status: err.status,
    code: err.code,
    param: err.param,
    retryAfter: err.retryAfter,
    retryable: err.retryable,
  });
}

/** The chat-capable model ids of the account, except `exclude` (the model Copilot refused). */
export function chatModelIds(ctx: GatewayContext, traceId: string, exclude: string): () => Promise<string[]> {
  return async () =>
    (await ctx.models.list(traceId)).filter((m) => m.type === 'chat' && m.id !== exclude).map((m) => m.id);
}
