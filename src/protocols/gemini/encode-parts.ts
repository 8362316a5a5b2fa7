// IR parts → Gemini parts, shared by the response encoder (ingress) and the request encoder
// (egress history). Reasoning state that is not a native Gemini signature travels as a gateway
// envelope on the next non-thought part: Gemini CLI strips thought parts from history but keeps
// the signatures of text and functionCall parts (and it concatenates consecutive text parts
// into the first one, so the first part after the thought is the safe carrier).
import type { CodecContext } from '../ir/codec.js';
import { jsonTooDeep } from '../ir/json.js';
import { parseDataUrl } from '../ir/media.js';
import type { IRContentPart, IRPart, IRReasoningPart, IRToolCallPart } from '../ir/types.js';
import { encodeEnvelope } from './thought-signature.js';
import type { GeminiPart } from './wire-types.js';

export function nativeSignature(meta: IRPart['meta']): string | undefined {
  const sig = meta?.gemini?.thoughtSignature;
  return typeof sig === 'string' ? sig : undefined;
}

/** The envelope for a reasoning part's non-Gemini state, or undefined when it has none. */
export function reasoningEnvelope(
  part: Pick<IRReasoningPart, 'text' | 'signature' | 'redactedData' | 'encryptedContent'>,
): string | undefined {
  if (part.signature === undefined && part.redactedData === undefined && part.encryptedContent === undefined)
    return undefined;
  return encodeEnvelope({
    signature: part.signature,
    redactedData: part.redactedData,
    encryptedContent: part.encryptedContent,
    text: part.text,
  });
}

/** Function-call arguments as the object Gemini wants; invalid JSON becomes `{}` with a warning. */
export function parseArguments(
  call: Pick<IRToolCallPart, 'arguments' | 'kind' | 'name'>,
  ctx: CodecContext,
): Record<string, unknown> {
  if (call.kind === 'custom') return { input: call.arguments };
  if (call.arguments.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(call.arguments);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && !jsonTooDeep(call.arguments))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through to the warning
  }
  ctx.warnings.push({
    code: 'dropped-content',
    message: `Arguments of the call to "${call.name}" were not a JSON object and were replaced by {}`,
  });
  return {};
}

export function encodeMedia(part: IRContentPart, ctx: CodecContext): GeminiPart | undefined {
  if (part.type === 'text') return { text: part.text };
  const src = part.source;
  if (src.kind === 'base64') return { inlineData: { mimeType: src.mediaType, data: src.data } };
  if (src.kind === 'url') {
    // data: URLs are inline data in disguise; Gemini only fetches its own file URIs.
    const inline = parseDataUrl(src.url);
    if (inline?.kind === 'base64') return { inlineData: { mimeType: inline.mediaType, data: inline.data } };
    return { fileData: fileData(src.mediaType, src.url) };
  }
  if (src.kind === 'file-id') {
    return { fileData: fileData(src.mediaType, src.fileId) };
  }
  ctx.warnings.push({ code: 'dropped-content', message: 'A media part with an unknown source was dropped' });
  return undefined;
}

export interface EncodeModelPartsOptions {
  /** Emit reasoning as `thought:true` parts (Gemini `includeThoughts`). */
  includeThoughts: boolean;
}

/** Encodes the parts of one model turn. */
export function encodeModelParts(
  parts: IRPart[],
  opts: EncodeModelPartsOptions,
  ctx: CodecContext,
): GeminiPart[] {
  const out: GeminiPart[] = [];
  let pending: string | undefined;
  /** The thought part emitted for the pending envelope's reasoning, if any. */
  let pendingThought: GeminiPart | undefined;

  // An envelope with no following carrier goes on its own thought part, or an empty text part.
  const flush = () => {
    if (pending === undefined) return;
    if (pendingThought && pendingThought.thoughtSignature === undefined)
      pendingThought.thoughtSignature = pending;
    else out.push({ text: '', thoughtSignature: pending });
    pending = undefined;
    pendingThought = undefined;
  };
  const carrier = (own: string | undefined): string | undefined => {
    const sig = pending ?? own;
    pending = undefined;
    pendingThought = undefined;
    return sig;
  };

  for (const part of parts) {
    switch (part.type) {
      case 'reasoning': {
        flush();
        const native = nativeSignature(part.meta);
        const isNative = native !== undefined && (part.signature === undefined || part.signature === native);
        let thought: GeminiPart | undefined;
        if (opts.includeThoughts && (part.text !== '' || isNative)) {
          thought = { text: part.text, thought: true };
          if (isNative) thought.thoughtSignature = native;
          out.push(thought);
        }
        if (!isNative) {
          pending = reasoningEnvelope(part);
          pendingThought = thought;
        }
        break;
      }
      case 'text': {
        const sig = carrier(nativeSignature(part.meta));
        out.push(sig ? { text: part.text, thoughtSignature: sig } : { text: part.text });
        break;
      }
      case 'tool-call': {
        const sig = carrier(nativeSignature(part.meta));
        const p: GeminiPart = {
          functionCall: { id: part.callId, name: part.name, args: parseArguments(part, ctx) },
        };
        if (sig) p.thoughtSignature = sig;
        out.push(p);
        break;
      }
      case 'image':
      case 'file': {
        flush();
        const media = encodeMedia(part, ctx);
        if (media) out.push(media);
        break;
      }
      case 'tool-result':
        ctx.warnings.push({
          code: 'dropped-content',
          message: 'A tool result inside a model turn was dropped',
        });
        break;
    }
  }
  flush();
  return out;
}

function fileData(mimeType: string | undefined, fileUri: string): { mimeType?: string; fileUri: string } {
  return mimeType ? { mimeType, fileUri } : { fileUri };
}
