// Opaque reasoning state from Anthropic (thinking signature, redacted_thinking data) or Copilot
// chat (`reasoning_opaque`) has no place in a Responses `reasoning` item. Codex runs with
// `store:false` and sends back exactly the `encrypted_content` it was given, so we smuggle that
// state through it in a gateway envelope: `gw1:` + base64url(JSON). On the next turn the
// envelope is opened and the original thinking block reaches Anthropic again, byte-exact.
import { GatewayError } from '../../errors/gateway-error.js';

export const ENVELOPE_PREFIX = 'gw1:';

export interface ReasoningEnvelope {
  text?: string;
  signature?: string;
  redactedData?: string;
}

export function isReasoningEnvelope(encrypted: string | null | undefined): encrypted is string {
  return typeof encrypted === 'string' && encrypted.startsWith(ENVELOPE_PREFIX);
}

export function encodeReasoningEnvelope(state: ReasoningEnvelope): string {
  const payload: Record<string, unknown> = { v: 1 };
  if (state.text) payload.text = state.text;
  if (state.signature !== undefined) payload.signature = state.signature;
  if (state.redactedData !== undefined) payload.redactedData = state.redactedData;
  return ENVELOPE_PREFIX + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** Opens an envelope; a damaged one is the client's mistake (it edited opaque state): 400. */
export function decodeReasoningEnvelope(encrypted: string): ReasoningEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encrypted.slice(ENVELOPE_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const p = parsed as Record<string, unknown> | undefined;
  if (!p || typeof p !== 'object' || p.v !== 1) {
    throw GatewayError.invalid(
      'A reasoning item carries a damaged gateway envelope in encrypted_content (gw1:…); send back the encrypted_content exactly as the gateway returned it, or drop the reasoning item.',
      { param: 'input' },
    );
  }
  const out: ReasoningEnvelope = {};
  if (typeof p.text === 'string') out.text = p.text;
  if (typeof p.signature === 'string') out.signature = p.signature;
  if (typeof p.redactedData === 'string') out.redactedData = p.redactedData;
  return out;
}
