// Error mapping for the Anthropic protocol: GatewayError → Anthropic error envelope (ingress), and
// Copilot's Anthropic-shaped error bodies → GatewayError (egress).

import { GatewayError, type GatewayErrorKind } from '../../errors/gateway-error.js';
import { errorFromUpstream, retryAfterSeconds } from '../../errors/upstream-error.js';
import type { EncodedError } from '../ir/codec.js';
import type { AnthropicErrorBody, AnthropicErrorType } from './wire-types.js';

const TYPE_BY_KIND: Record<GatewayErrorKind, AnthropicErrorType> = {
  invalid_request: 'invalid_request_error',
  context_length: 'invalid_request_error',
  authentication: 'authentication_error',
  quota: 'billing_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
  upstream: 'api_error',
  api: 'api_error',
};

export function anthropicErrorType(err: GatewayError): AnthropicErrorType {
  return TYPE_BY_KIND[err.kind];
}

/** The status an Anthropic client should see: overload is Anthropic's own 529, the rest keep theirs. */
export function anthropicErrorStatus(err: GatewayError): number {
  return err.kind === 'overloaded' ? 529 : err.status;
}

export function anthropicErrorBody(err: GatewayError, requestId?: string): AnthropicErrorBody {
  const body: AnthropicErrorBody = {
    type: 'error',
    error: { type: anthropicErrorType(err), message: err.message },
  };
  if (requestId) body.request_id = requestId;
  return body;
}

export function encodeAnthropicError(err: GatewayError): EncodedError {
  const headers: Record<string, string> = {};
  if (err.retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(err.retryAfter));
  return { status: anthropicErrorStatus(err), headers, body: anthropicErrorBody(err) };
}

const KIND_BY_TYPE: Record<string, GatewayErrorKind> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  billing_error: 'quota',
  permission_error: 'permission',
  not_found_error: 'not_found',
  request_too_large: 'request_too_large',
  rate_limit_error: 'rate_limit',
  api_error: 'upstream',
  timeout_error: 'timeout',
  overloaded_error: 'overloaded',
};

/** An Anthropic `{type, message}` error object (e.g. from a mid-stream `event: error`) → GatewayError. */
export function gatewayErrorFromAnthropic(
  error: { type?: unknown; message?: unknown },
  status?: number,
  retryAfter?: number,
): GatewayError {
  const type = typeof error.type === 'string' ? error.type : 'api_error';
  const message =
    typeof error.message === 'string' && error.message ? error.message : `Copilot error: ${type}`;
  let kind: GatewayErrorKind = KIND_BY_TYPE[type] ?? 'upstream';
  let code: string | undefined;
  if (kind === 'invalid_request' && /prompt is too long|context length|context window/i.test(message)) {
    kind = 'context_length';
    code = 'context_length_exceeded';
  }
  // The gateway's own credentials are at stake on 401/403 from Copilot; the pipeline decides
  // what to tell the client, so the kind is kept and only the status is normalised.
  const opts: { status?: number; code?: string; retryAfter?: number } = { code, retryAfter };
  if (status !== undefined && status >= 400) opts.status = kind === 'upstream' && status < 500 ? 502 : status;
  return new GatewayError(kind, message, opts);
}

function isAnthropicErrorBody(body: unknown): body is AnthropicErrorBody {
  if (!body || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  const e = b.error as Record<string, unknown> | undefined;
  return b.type === 'error' && !!e && typeof e === 'object' && typeof e.type === 'string';
}

export function decodeAnthropicError(
  status: number,
  body: unknown,
  headers: Record<string, string>,
): GatewayError {
  if (typeof body === 'string') {
    // Copilot sometimes sends JSON with a text content type; try before falling back.
    try {
      const parsed: unknown = JSON.parse(body);
      if (isAnthropicErrorBody(parsed)) body = parsed;
    } catch {
      // plain text: handled by errorFromUpstream
    }
  }
  if (isAnthropicErrorBody(body) && status !== 421) {
    return gatewayErrorFromAnthropic(body.error, status, retryAfterSeconds(headers));
  }
  return errorFromUpstream(status, body, headers);
}
