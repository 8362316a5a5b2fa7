// Gemini's `thoughtSignature` is the only slot a Gemini client echoes back verbatim on the next
// turn (Gemini CLI strips `thought:true` parts from its history but keeps signatures on
// `functionCall` parts). Reasoning state from other providers (Anthropic thinking signatures,
// redacted thinking, Copilot's reasoning_opaque) therefore travels in that slot as a gateway
// envelope: `gw1:` + base64url(JSON). decodeRequest recognises the prefix and restores the
// reasoning part. Real Gemini signatures are passed through untouched.

/** Gemini CLI's synthetic signature for history calls it cannot sign; never a real signature. */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const PREFIX = 'gw1:';

export interface ThoughtEnvelope {
  v: 1;
  signature?: string;
  redactedData?: string;
  /** OpenAI Responses `encrypted_content` (an addition to the v1 fields; absent when unused). */
  encryptedContent?: string;
  /** The visible thinking, so it survives a client that drops thought parts. */
  text?: string;
}

export function isEnvelope(signature: string | undefined): boolean {
  return typeof signature === 'string' && signature.startsWith(PREFIX);
}

export function encodeEnvelope(content: Omit<ThoughtEnvelope, 'v'>): string {
  const env: ThoughtEnvelope = { v: 1 };
  if (content.signature !== undefined) env.signature = content.signature;
  if (content.redactedData !== undefined) env.redactedData = content.redactedData;
  if (content.encryptedContent !== undefined) env.encryptedContent = content.encryptedContent;
  if (content.text) env.text = content.text;
  return PREFIX + Buffer.from(JSON.stringify(env), 'utf8').toString('base64url');
}

/** Returns the envelope, or undefined when `signature` is not one of ours or is corrupt. */
export function decodeEnvelope(signature: string): ThoughtEnvelope | undefined {
  if (!isEnvelope(signature)) return undefined;
  try {
    const parsed: unknown = JSON.parse(
      Buffer.from(signature.slice(PREFIX.length), 'base64url').toString('utf8'),
    );
    if (!parsed || typeof parsed !== 'object' || (parsed as { v?: unknown }).v !== 1) return undefined;
    const p = parsed as Record<string, unknown>;
    const env: ThoughtEnvelope = { v: 1 };
    if (typeof p.signature === 'string') env.signature = p.signature;
    if (typeof p.redactedData === 'string') env.redactedData = p.redactedData;
    if (typeof p.encryptedContent === 'string') env.encryptedContent = p.encryptedContent;
    if (typeof p.text === 'string') env.text = p.text;
    return env;
  } catch {
    return undefined;
  }
}
