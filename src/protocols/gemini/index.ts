// The Gemini codec: ingress (clients speaking generateContent / streamGenerateContent) and
// egress (IR → Gemini, used by the round-trip tests; Copilot has no Gemini endpoint).
import type { CodecContext, EgressCodec, IngressCodec } from '../ir/codec.js';
import type { IRRequest } from '../ir/types.js';
import { decodeGeminiRequest } from './decode-request.js';
import { decodeGeminiResponse } from './decode-response.js';
import { encodeGeminiRequest } from './encode-request.js';
import { encodeGeminiResponse } from './encode-response.js';
import { decodeGeminiError, encodeGeminiError } from './errors.js';
import { GeminiStreamDecoder } from './stream-decoder.js';
import { GeminiStreamEncoder, type GeminiStreamMode } from './stream-encoder.js';

export { decodeCountTokensRequest } from './count-tokens.js';
export { type DecodeGeminiOptions, decodeGeminiRequest } from './decode-request.js';
export { decodeGeminiResponse } from './decode-response.js';
export { encodeGeminiRequest } from './encode-request.js';
export { encodeGeminiResponse } from './encode-response.js';
export { decodeGeminiError, encodeGeminiError, geminiErrorBody } from './errors.js';
export { GEMINI_METHODS, geminiModelFromPath } from './models.js';
export { sanitizeSchemaForGemini } from './sanitize-schema.js';
export { GeminiStreamDecoder } from './stream-decoder.js';
export {
  GeminiStreamEncoder,
  type GeminiStreamEncoderOptions,
  type GeminiStreamMode,
} from './stream-encoder.js';

/**
 * The stream framing a request asked for: the route sets `ir.meta.gemini.streamMode` from the
 * URL (`?alt=sse` → 'sse', else 'json-array'); absent means 'sse', what every SDK uses.
 */
export function geminiStreamMode(req: IRRequest): GeminiStreamMode {
  return req.meta?.gemini?.streamMode === 'json-array' ? 'json-array' : 'sse';
}

export const geminiIngress: IngressCodec = {
  decodeRequest: (body, ctx) => decodeGeminiRequest(body, ctx),
  encodeResponse: (res, req, ctx) => encodeGeminiResponse(res, req, ctx),
  createStreamEncoder: (req: IRRequest, ctx: CodecContext) =>
    new GeminiStreamEncoder(req, ctx, { mode: geminiStreamMode(req) }),
  encodeError: encodeGeminiError,
};

export const geminiEgress: EgressCodec = {
  encodeRequest: encodeGeminiRequest,
  decodeResponse: decodeGeminiResponse,
  createStreamDecoder: (ctx) => new GeminiStreamDecoder(ctx),
  decodeError: decodeGeminiError,
};
