// The OpenAI Chat Completions codec: the ingress half (clients speaking Chat to us) and the
// egress half (us speaking Chat to Copilot's /chat/completions).
import type { EgressCodec, IngressCodec } from '../ir/codec.js';
import { decodeChatRequest } from './decode-request.js';
import { decodeChatResponse } from './decode-response.js';
import { encodeChatRequest } from './encode-request.js';
import { encodeChatResponse } from './encode-response.js';
import { decodeChatError, encodeChatError } from './errors.js';
import { ChatStreamDecoder } from './stream-decoder.js';
import { ChatStreamEncoder } from './stream-encoder.js';

export const openaiChatIngress: IngressCodec = {
  decodeRequest: decodeChatRequest,
  encodeResponse: encodeChatResponse,
  createStreamEncoder: (req, ctx) => new ChatStreamEncoder(req, ctx),
  encodeError: encodeChatError,
};

export const openaiChatEgress: EgressCodec = {
  encodeRequest: encodeChatRequest,
  decodeResponse: decodeChatResponse,
  createStreamDecoder: (ctx) => new ChatStreamDecoder(ctx),
  decodeError: decodeChatError,
};

export { chatErrorObject, errorFromChatErrorObject } from './errors.js';
