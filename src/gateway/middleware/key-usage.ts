// Charges an answer's tokens to the key's tokens-per-minute window. `usage` is whatever the
// answer reported: an IR usage (translated paths) or the wire usage of a passthrough stream
// (OpenAI prompt/completion tokens, Responses/Anthropic input/output tokens, Anthropic cache fields).
import type { RequestContext } from '../request-context.js';

const FIELDS = [
  'inputTokens',
  'outputTokens',
  'prompt_tokens',
  'completion_tokens',
  'input_tokens',
  'output_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
];

export function usageTokens(usage: unknown): number {
  if (!usage || typeof usage !== 'object') return 0;
  const u = usage as Record<string, unknown>;
  let total = 0;
  for (const f of FIELDS) {
    const v = u[f];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) total += v;
  }
  return total;
}

export function chargeKeyUsage(rc: RequestContext, usage: unknown): void {
  const key = rc.auth?.key;
  if (!key || key.limits.tpm === undefined) return;
  rc.ctx.security.keyLimits.charge(key.id, usageTokens(usage));
}
