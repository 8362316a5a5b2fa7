// Gemini's `thoughtSignature` is the only slot a Gemini client echoes back verbatim on the next
// turn (Gemini CLI strips `thought:true` parts from its history but keeps signatures on
// `functionCall` parts). Reasoning state from other providers (Anthropic thinking signatures,
// redacted thinking, Copilot's reasoning_opaque) therefore travels in that slot as a gateway
// envelope (protocols/ir/reasoning-envelope.ts). decodeRequest recognises the prefix and restores the
// reasoning part. Real Gemini signatures are passed through untouched.

import {
  type EnvelopeContent,
  isEnvelope as isGatewayEnvelope,
  openEnvelope,
  sealEnvelope,
} from '../ir/reasoning-envelope.js';

/** Gemini CLI's synthetic signature for history calls it cannot sign; never a real signature. */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

export interface ThoughtEnvelope extends EnvelopeContent {
  v: 1;
}

export function isEnvelope(signature: string | undefined): boolean {
  return isGatewayEnvelope(signature);
}

export function encodeEnvelope(content: Omit<ThoughtEnvelope, 'v'>): string {
  return sealEnvelope(content);
}

/** Returns the envelope, or undefined when `signature` is not one of ours or is corrupt. */
export function decodeEnvelope(signature: string): ThoughtEnvelope | undefined {
  const env = openEnvelope(signature);
  return env && { v: 1, ...env };
}
