// Gemini GenerateContentResponse → IR response (egress, non-streaming).

import { GatewayError } from '../../errors/gateway-error.js';
import type { CodecContext } from '../ir/codec.js';
import type { IRPart, IRResponse } from '../ir/types.js';
import { decodeSignedPart } from './decode-parts.js';
import { fromGeminiFinishReason } from './map-finish-reason.js';
import { fromGeminiUsage } from './map-usage.js';
import { isObject, normalizePart } from './normalize.js';
import type { GeminiPart, GeminiResponse } from './wire-types.js';

/** Appends the IR parts of model-side Gemini parts; function calls without id get a fresh one. */
export function decodeModelParts(parts: GeminiPart[], ctx: CodecContext, out: IRPart[] = []): IRPart[] {
  for (const part of parts) {
    const { callMeta } = decodeSignedPart(part, out);
    if (part.functionCall) {
      out.push({
        type: 'tool-call',
        callId: part.functionCall.id || ctx.newId('call_'),
        name: part.functionCall.name,
        arguments: JSON.stringify(part.functionCall.args ?? {}),
        kind: 'function',
        ...(callMeta ? { meta: callMeta } : {}),
      });
    }
  }
  return out;
}

export function decodeGeminiResponse(body: unknown, ctx: CodecContext): IRResponse {
  if (!isObject(body))
    throw new GatewayError('upstream', 'The Gemini upstream returned a non-object response body');
  const res = body as GeminiResponse;
  const candidate = res.candidates?.[0];
  let parts: IRPart[] = [];
  try {
    const raw = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
    parts = decodeModelParts(
      raw.map((p, i) => normalizePart(p, `candidates[0].content.parts[${i}]`)),
      ctx,
    );
  } catch (err) {
    throw new GatewayError(
      'upstream',
      `The Gemini upstream returned a malformed candidate: ${(err as Error).message}`,
    );
  }
  const kept = parts.filter(
    (p): p is IRResponse['parts'][number] =>
      p.type === 'text' || p.type === 'reasoning' || p.type === 'tool-call',
  );
  if (kept.length < parts.length) {
    ctx.warnings.push({
      code: 'dropped-content',
      message: 'Media parts in the Gemini response were dropped',
    });
  }
  const hasCalls = kept.some((p) => p.type === 'tool-call');
  const blocked = !candidate && res.promptFeedback?.blockReason !== undefined;
  return {
    id: res.responseId || ctx.newId('resp_'),
    model: res.modelVersion ?? '',
    created: ctx.now,
    parts: kept,
    finishReason: blocked ? 'content-filter' : fromGeminiFinishReason(candidate?.finishReason, hasCalls),
    ...(res.usageMetadata ? { usage: fromGeminiUsage(res.usageMetadata) } : {}),
  };
}
