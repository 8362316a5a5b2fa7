// Opaque reasoning state from Anthropic (thinking signature, redacted_thinking data) or Copilot
// chat (`reasoning_opaque`) has no place in a Responses `reasoning` item. Codex runs with
// `store:false` and sends back exactly the `encrypted_content` it was given, so that state rides
// in it inside the gateway envelope (protocols/ir/reasoning-envelope.ts). On the next turn the
// envelope is opened and the original thinking block reaches Anthropic again, byte-exact.
import { GatewayError } from '../../errors/gateway-error.js';
import { ENVELOPE_PREFIX, isEnvelope, openEnvelope, sealEnvelope } from '../ir/reasoning-envelope.js';

export { ENVELOPE_PREFIX };

export interface ReasoningEnvelope {
  text?: string;
  signature?: string;
  redactedData?: string;
}

export function isReasoningEnvelope(encrypted: string | null | undefined): encrypted is string {
  return isEnvelope(encrypted);
}

export function encodeReasoningEnvelope(state: ReasoningEnvelope): string {
  return sealEnvelope({ signature: state.signature, redactedData: state.redactedData, text: state.text });
}

/** Opens an envelope; a damaged one is the client's mistake (it edited opaque state): 400. */
export function decodeReasoningEnvelope(encrypted: string): ReasoningEnvelope {
  const env = openEnvelope(encrypted);
  if (!env) {
    throw GatewayError.invalid(
      'A reasoning item carries a damaged gateway envelope in encrypted_content (gw1:…); send back the encrypted_content exactly as the gateway returned it, or drop the reasoning item.',
      { param: 'input' },
    );
  }
  const out: ReasoningEnvelope = {};
  if (env.text !== undefined) out.text = env.text;
  if (env.signature !== undefined) out.signature = env.signature;
  if (env.redactedData !== undefined) out.redactedData = env.redactedData;
  return out;
}
