// Errors in OpenAI's shape: `{error:{message,type,param,code}}`. The openai SDK picks its error
// class from the HTTP status, so the status matters most; the `type` strings follow OpenAI's own
// (and client-protocols.md §5). Kinds OpenAI has no type for get a stable default `code`, which
// lets a mid-stream error frame decode back to the same kind.

import { GatewayError, type GatewayErrorKind } from '../../errors/gateway-error.js';
import { errorFromUpstream } from '../../errors/upstream-error.js';
import type { EncodedError } from '../ir/codec.js';
import type { ChatErrorBody } from './wire-types.js';

const TYPE_BY_KIND: Record<GatewayErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  context_length: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  quota: 'insufficient_quota',
  rate_limit: 'rate_limit_exceeded',
  overloaded: 'server_error',
  timeout: 'timeout',
  upstream: 'server_error',
  api: 'server_error',
};

const DEFAULT_CODE: Partial<Record<GatewayErrorKind, string>> = {
  context_length: 'context_length_exceeded',
  request_too_large: 'request_too_large',
  quota: 'insufficient_quota',
  rate_limit: 'rate_limit_exceeded',
  overloaded: 'server_overloaded',
  upstream: 'upstream_error',
};

/** The `error` object for a body or a mid-stream frame. */
export function chatErrorObject(err: GatewayError): ChatErrorBody['error'] {
  return {
    message: err.message,
    type: TYPE_BY_KIND[err.kind],
    param: err.param ?? null,
    code: err.code ?? DEFAULT_CODE[err.kind] ?? null,
  };
}

export function encodeChatError(err: GatewayError): EncodedError {
  const headers: Record<string, string> = {};
  if (err.retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(err.retryAfter));
  // OpenAI's overload answer is 503 with a server_error; never let it look like a 529.
  const status = err.kind === 'overloaded' ? 503 : err.status;
  return { status, headers, body: { error: chatErrorObject(err) } satisfies ChatErrorBody };
}

const KIND_BY_CODE: Record<string, GatewayErrorKind> = {
  context_length_exceeded: 'context_length',
  request_too_large: 'request_too_large',
  insufficient_quota: 'quota',
  quota_exceeded: 'quota',
  free_quota_exceeded: 'quota',
  overage_limit_reached: 'quota',
  billing_not_configured: 'quota',
  rate_limit_exceeded: 'rate_limit',
  rate_limited: 'rate_limit',
  user_model_rate_limited: 'rate_limit',
  integration_rate_limited: 'rate_limit',
  server_overloaded: 'overloaded',
  model_overloaded: 'overloaded',
  upstream_error: 'upstream',
  model_not_supported: 'invalid_request',
};

const KIND_BY_TYPE: Record<string, GatewayErrorKind> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  not_found_error: 'not_found',
  insufficient_quota: 'quota',
  rate_limit_exceeded: 'rate_limit',
  rate_limit_error: 'rate_limit',
  overloaded_error: 'overloaded',
  timeout: 'timeout',
  server_error: 'upstream',
  api_error: 'upstream',
};

/**
 * An error object that arrived inside a stream (`data: {"error":{…}}`), where there is no status.
 * Kinds come from the code first (more specific), then the type.
 */
export function errorFromChatErrorObject(error: unknown): GatewayError {
  const e = (error && typeof error === 'object' ? error : { message: String(error) }) as Record<
    string,
    unknown
  >;
  const message = typeof e.message === 'string' && e.message ? e.message : 'Copilot reported a stream error';
  const code = typeof e.code === 'string' ? e.code : undefined;
  const type = typeof e.type === 'string' ? e.type : undefined;
  const param = typeof e.param === 'string' ? e.param : undefined;
  const kind =
    (code && KIND_BY_CODE[code]) ||
    (code?.startsWith('user_global_rate_limited') ? 'rate_limit' : undefined) ||
    (type && KIND_BY_TYPE[type]) ||
    'upstream';
  return new GatewayError(kind, message, { code, param });
}

/** Upstream HTTP error → GatewayError, refining the generic mapping with OpenAI's codes. */
export function decodeChatError(
  status: number,
  body: unknown,
  headers: Record<string, string>,
): GatewayError {
  const base = errorFromUpstream(status, body, headers);
  const code = base.code;
  const refined = code ? KIND_BY_CODE[code] : undefined;
  if (refined && refined !== base.kind && base.kind !== 'upstream' && refined !== 'upstream') {
    return new GatewayError(refined, base.message, {
      status: base.status,
      code,
      param: base.param,
      retryAfter: base.retryAfter,
      retryable: base.retryable,
    });
  }
  return base;
}
