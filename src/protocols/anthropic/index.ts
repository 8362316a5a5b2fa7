// The Anthropic Messages codec: ingress (clients such as Claude Code and @anthropic-ai/sdk) and
// egress (Copilot's native `/v1/messages`).
import type { EgressCodec, IngressCodec } from '../ir/codec.js';
import { decodeAnthropicRequest } from './decode-request.js';
import { decodeAnthropicResponse } from './decode-response.js';
import { encodeAnthropicRequest } from './encode-request.js';
import { encodeAnthropicResponse } from './encode-response.js';
import { decodeAnthropicError, encodeAnthropicError } from './errors.js';
import { createAnthropicStreamDecoder } from './stream-decoder.js';
import { createAnthropicStreamEncoder } from './stream-encoder.js';

export const anthropicIngress: IngressCodec = {
  decodeRequest: (body, ctx) => decodeAnthropicRequest(body, ctx),
  encodeResponse: encodeAnthropicResponse,
  createStreamEncoder: createAnthropicStreamEncoder,
  encodeError: encodeAnthropicError,
};

export const anthropicEgress: EgressCodec = {
  encodeRequest: encodeAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  createStreamDecoder: createAnthropicStreamDecoder,
  decodeError: decodeAnthropicError,
};

export {
  countIRTokens,
  countIRTokensAsync,
  countTokens,
  countTokensAsync,
  type TokenizerName,
} from './count-tokens.js';
export { decodeAnthropicRequest } from './decode-request.js';
