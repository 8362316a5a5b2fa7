// Gemini parts → IR parts, shared by request decoding (history), response decoding and the
// stream decoder. The subtle part is `thoughtSignature`:
// - on a thought part it is that reasoning's signature;
// - a gateway envelope (`gw1:`) anywhere restores the reasoning it carries (merged into the
//   reasoning part right before it when that one has no signature yet: the thought text and its
//   signature arrive in two parts because Gemini clients drop thought parts from history);
// - a real signature on a text/functionCall part stays in that part's `meta.gemini`;
// - Gemini CLI's `skip_thought_signature_validator` is kept in meta only, never as a signature.

import { normaliseMediaType } from '../ir/media.js';
import type { IRContentPart, IRPart, IRReasoningPart } from '../ir/types.js';
import { decodeEnvelope, SKIP_THOUGHT_SIGNATURE, type ThoughtEnvelope } from './thought-signature.js';
import type { GeminiPart } from './wire-types.js';

export function geminiMeta(thoughtSignature: string): { gemini: { thoughtSignature: string } } {
  return { gemini: { thoughtSignature } };
}

const isUnsignedReasoning = (p: IRPart | undefined): p is IRReasoningPart =>
  p?.type === 'reasoning' &&
  p.signature === undefined &&
  p.redactedData === undefined &&
  p.encryptedContent === undefined;

/**
 * Merges a restored envelope into the trailing signature-less reasoning, or appends one. A
 * streamed thought arrives as many `thought:true` parts, and clients that keep them in history
 * send them back one part per chunk: the shortest trailing run of unsigned thought parts whose
 * text is the envelope's (signed) text becomes that one reasoning part again.
 */
export function restoreEnvelope(out: IRPart[], env: ThoughtEnvelope): void {
  let start = out.length - 1;
  if (!isUnsignedReasoning(out[start])) {
    const part: IRReasoningPart = { type: 'reasoning', text: env.text ?? '' };
    applyEnvelope(part, env);
    out.push(part);
    return;
  }
  if (env.text) {
    let joined = (out[start] as IRReasoningPart).text;
    for (let i = start - 1; joined !== env.text && i >= 0 && isUnsignedReasoning(out[i]); i--) {
      joined = (out[i] as IRReasoningPart).text + joined;
      if (joined === env.text) start = i;
    }
    if (start < out.length - 1) {
      out.splice(start + 1);
      (out[start] as IRReasoningPart).text = joined;
    }
  }
  applyEnvelope(out[start] as IRReasoningPart, env);
}

function applyEnvelope(part: IRReasoningPart, env: ThoughtEnvelope): void {
  if (!part.text && env.text) part.text = env.text;
  if (env.signature !== undefined) part.signature = env.signature;
  if (env.redactedData !== undefined) part.redactedData = env.redactedData;
  if (env.encryptedContent !== undefined) part.encryptedContent = env.encryptedContent;
}

/** Media parts (inlineData / fileData) → IR image or file part. */
export function decodeMedia(part: GeminiPart): IRContentPart | undefined {
  if (part.inlineData) {
    const mediaType = normaliseMediaType(part.inlineData.mimeType);
    const source = { kind: 'base64' as const, mediaType, data: part.inlineData.data };
    return mediaType.startsWith('image/') ? { type: 'image', source } : { type: 'file', source };
  }
  if (part.fileData) {
    const mediaType = part.fileData.mimeType ? normaliseMediaType(part.fileData.mimeType) : undefined;
    const source = { kind: 'url' as const, url: part.fileData.fileUri, ...(mediaType ? { mediaType } : {}) };
    return mediaType?.startsWith('image/') ? { type: 'image', source } : { type: 'file', source };
  }
  return undefined;
}

/**
 * Appends the IR form of one model-side part (text, thought, media, or the signature of a
 * functionCall; the call itself is built by the caller, which owns id assignment).
 * Returns the meta to put on the caller's functionCall part, if any.
 */
export function decodeSignedPart(
  part: GeminiPart,
  out: IRPart[],
): { callMeta?: ReturnType<typeof geminiMeta> } {
  const sig = part.thoughtSignature;
  const env = sig ? decodeEnvelope(sig) : undefined;

  if (part.text !== undefined && part.thought) {
    const reasoning: IRReasoningPart = { type: 'reasoning', text: part.text };
    if (env) applyEnvelope(reasoning, env);
    else if (sig) {
      if (sig !== SKIP_THOUGHT_SIGNATURE) reasoning.signature = sig;
      reasoning.meta = geminiMeta(sig);
    }
    out.push(reasoning);
    return {};
  }

  if (env) restoreEnvelope(out, env);
  if (part.functionCall) return sig && !env ? { callMeta: geminiMeta(sig) } : {};
  if (part.text !== undefined) {
    if (part.text !== '' || (sig && !env)) {
      out.push({ type: 'text', text: part.text, ...(sig && !env ? { meta: geminiMeta(sig) } : {}) });
    }
    return {};
  }
  const media = decodeMedia(part);
  if (media) out.push(media);
  return {};
}
