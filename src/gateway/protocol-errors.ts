// Errors in the caller's own protocol shape.

import type { GatewayError } from '../errors/gateway-error.js';
import type { EncodedError } from '../protocols/ir/codec.js';
import type { ProtocolId } from '../protocols/ir/types.js';
import { INGRESS } from './codecs.js';

export function encodeErrorFor(protocol: ProtocolId, err: GatewayError): EncodedError {
  const encoded = INGRESS[protocol].encodeError(err);
  if (err.retryAfter !== undefined && !encoded.headers['retry-after']) {
    encoded.headers['retry-after'] = String(Math.ceil(err.retryAfter));
  }
  return encoded;
}
