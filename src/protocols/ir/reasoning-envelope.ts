// The one gateway envelope for reasoning state that has no slot in a client's protocol: `gw1:` +
// base64url(JSON {v:1, signature?, redactedData?, encryptedContent?, text?}). Anthropic thinking
// signatures, redacted thinking, Copilot's reasoning_opaque and Responses encrypted_content ride
// in it through a Responses `encrypted_content` or a Gemini `thoughtSignature`, which clients
// echo back verbatim; on the next turn it is opened and the original reasoning goes upstream again.
// Each protocol wraps it with its own policy for a damaged envelope (a 400, or "not ours").

export const ENVELOPE_PREFIX = 'gw1:';

export interface EnvelopeContent {
  /** An Anthropic thinking signature (or Copilot's reasoning_opaque). */
  signature?: string;
  /** Anthropic redacted_thinking data. */
  redactedData?: string;
  /** OpenAI Responses `encrypted_content`. */
  encryptedContent?: string;
  /** The visible thinking, so it survives a client that drops thought parts. */
  text?: string;
}

export function isEnvelope(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.startsWith(ENVELOPE_PREFIX);
}

export function sealEnvelope(content: EnvelopeContent): string {
  const env: Record<string, unknown> = { v: 1 };
  if (content.signature !== undefined) env.signature = content.signature;
  if (content.redactedData !== undefined) env.redactedData = content.redactedData;
  if (content.encryptedContent !== undefined) env.encryptedContent = content.encryptedContent;
  if (content.text) env.text = content.text;
  return ENVELOPE_PREFIX + Buffer.from(JSON.stringify(env), 'utf8').toString('base64url');
}

/** The envelope's content, or undefined when `value` is not one of ours or is damaged. */
export function openEnvelope(value: string | null | undefined): EnvelopeContent | undefined {
  if (!isEnvelope(value)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value.slice(ENVELOPE_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || (parsed as { v?: unknown }).v !== 1) return undefined;
  const p = parsed as Record<string, unknown>;
  const out: EnvelopeContent = {};
  if (typeof p.signature === 'string') out.signature = p.signature;
  if (typeof p.redactedData === 'string') out.redactedData = p.redactedData;
  if (typeof p.encryptedContent === 'string') out.encryptedContent = p.encryptedContent;
  if (typeof p.text === 'string') out.text = p.text;
  return out;
}
