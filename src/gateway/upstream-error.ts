// Turns a non-2xx upstream response into a GatewayError using the egress protocol's codec
// (which knows its own error shapes and falls back to the generic mapping).
import { copilotOverflowError } from '../context/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { ProtocolId } from '../protocols/ir/types.js';
import type { UpstreamResponse } from '../upstream/types.js';
import { EGRESS } from './codecs.js';

const MAX_ERROR_BODY = 64 * 1024;

export async function readUpstreamError(
  res: UpstreamResponse,
  egress: ProtocolId | undefined,
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
  return copilotOverflowError(codec.decodeError(res.status, body, headers));
}
