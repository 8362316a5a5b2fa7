// IR response → Gemini GenerateContentResponse (ingress, non-streaming).
import type { CodecContext } from '../ir/codec.js';
import type { IRRequest, IRResponse } from '../ir/types.js';
import { encodeModelParts } from './encode-parts.js';
import { toGeminiFinishReason } from './map-finish-reason.js';
import { toGeminiUsage, withEstimatedThoughts } from './map-usage.js';
import type { GeminiResponse } from './wire-types.js';

export function encodeGeminiResponse(res: IRResponse, req: IRRequest, ctx: CodecContext): GeminiResponse {
  const parts = encodeModelParts(
    res.parts,
    { includeThoughts: req.reasoning?.includeThoughts === true },
    ctx,
  );
  const out: GeminiResponse = {
    candidates: [
      { index: 0, content: { role: 'model', parts }, finishReason: toGeminiFinishReason(res.finishReason) },
    ],
  };
  let reasoningChars = 0;
  for (const p of res.parts) if (p.type === 'reasoning') reasoningChars += p.text.length;
  out.usageMetadata = toGeminiUsage(
    withEstimatedThoughts(res.usage ?? { inputTokens: 0, outputTokens: 0 }, reasoningChars),
  );
  out.modelVersion = req.model || res.model;
  out.responseId = res.id;
  return out;
}
