// The OpenAI Responses codec: ingress (Codex CLI, openai-node `responses.*`) and egress
// (Copilot `/responses`, for responses-only models reached from other protocols).
import type { EgressCodec, IngressCodec } from '../ir/codec.js';
import { decodeRequest } from './decode-request.js';
import { decodeResponse } from './decode-response.js';
import { encodeRequest } from './encode-request.js';
import { encodeResponse } from './encode-response.js';
import { decodeError, encodeError } from './errors.js';
import { ResponsesStreamDecoder } from './stream-decoder.js';
import { ResponsesStreamEncoder } from './stream-encoder.js';

export const openaiResponsesIngress: IngressCodec = {
  decodeRequest,
  encodeResponse,
  createStreamEncoder: (req, ctx) => new ResponsesStreamEncoder(req, ctx),
  encodeError,
};

export const openaiResponsesEgress: EgressCodec = {
  encodeRequest,
  decodeResponse,
  createStreamDecoder: (ctx) => new ResponsesStreamDecoder(ctx),
  decodeError,
};

export {
  decodeReasoningEnvelope,
  encodeReasoningEnvelope,
  isReasoningEnvelope,
} from './reasoning-envelope.js';
