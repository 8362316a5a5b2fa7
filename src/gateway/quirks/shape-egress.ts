// The one call that readies a body for Copilot: the drift shield (Anthropic bodies) and the
// output-token clamp. On a raw passthrough payload the common case costs a few property reads of
// the body the route already parsed (a byte scan when there is none); the payload is re-parsed
// and re-serialised only when something must change. The pipeline calls this after model resolution, just before sending.
import { anthropicBodyDrifts, anthropicBodyMayDrift, shieldAnthropicBody } from './anthropic-shield.js';
import {
  type Change,
  clampOutputTokens,
  needsOutputClamp,
  type OutputLimits,
} from './clamp-output-tokens.js';
import type { Json } from './drift-rule.js';

export type { Change };

export interface ShapeInput {
  endpoint: string;
  /** The raw bytes (passthrough) or the encoded object (translated paths). */
  payload: Buffer | string | Json;
  /** The client's parsed body (passthrough), read for the cheap clamp test; absent: the payload. */
  parsed?: Json;
  model: { id: string; limits: OutputLimits };
  stream: boolean;
}

export interface ShapeResult {
  payload: Buffer | string | Json;
  /** What was changed, for the outcome record (kind `drift` or `clamp`). */
  changes: Change[];
}

const isRaw = (p: ShapeInput['payload']): p is Buffer | string => typeof p === 'string' || Buffer.isBuffer(p);

export function shapeEgress(input: ShapeInput): ShapeResult {
  const { endpoint, payload, model, stream } = input;
  const raw = isRaw(payload);
  const probe = input.parsed ?? (raw ? undefined : payload);
  const drift =
    endpoint === '/v1/messages' &&
    (probe ? anthropicBodyDrifts(probe) : raw ? anthropicBodyMayDrift(payload) : true);
  const clamp = probe ? needsOutputClamp(endpoint, probe, model.limits, stream) : raw;
  if (!drift && !clamp) return { payload, changes: [] };
  let body: Json;
  if (raw) {
    try {
      body = JSON.parse(payload.toString()) as Json;
    } catch {
      return { payload, changes: [] };
    }
  } else body = payload;
  const changes: Change[] = [];
  if (drift)
    for (const field of shieldAnthropicBody(body).removed)
      changes.push({ kind: 'drift', detail: `removed ${field}` });
  changes.push(...clampOutputTokens(endpoint, body, model.limits, stream, model.id));
  if (changes.length === 0) return { payload, changes };
  return { payload: raw ? JSON.stringify(body) : body, changes };
}
