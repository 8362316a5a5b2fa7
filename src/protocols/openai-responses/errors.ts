// Errors in the OpenAI shape `{error:{message,type,param,code}}`, and the `response.failed`
// codes Codex understands. Codex retries any failure code it does not know (up to 5×), so hard
// failures must use a code it treats as final, and rate limits must say "try again in Ns".

import { GatewayError, type GatewayErrorKind } from '../../errors/gateway-error.js';
import { errorFromUpstream, readErrorFields } from '../../errors/upstream-error.js';
import type { EncodedError } from '../ir/codec.js';
import type { ResponsesErrorBody } from './wire-types.js';

const ERROR_TYPE: Record<GatewayErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'invalid_request_error',
  quota: 'insufficient_quota',
  rate_limit: 'rate_limit_exceeded',
  context_length: 'invalid_request_error',
  overloaded: 'server_error',
  timeout: 'server_error',
  upstream: 'server_error',
  api: 'server_error',
};

const DEFAULT_CODE: Partial<Record<GatewayErrorKind, string>> = {
  quota: 'insufficient_quota',
  rate_limit: 'rate_limit_exceeded',
  context_length: 'context_length_exceeded',
  overloaded: 'server_is_overloaded',
};

export function errorBody(err: GatewayError): ResponsesErrorBody {
  return {
    error: {
      message: err.message,
      type: ERROR_TYPE[err.kind],
      param: err.param ?? null,
      code: err.code ?? DEFAULT_CODE[err.kind] ?? null,
    },
  };
}

export function encodeError(err: GatewayError): EncodedError {
  const headers: Record<string, string> = {};
  if (err.retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(err.retryAfter));
  return { status: err.status, headers, body: errorBody(err) };
}

/** The `response.failed` error code, chosen so Codex retries only what is worth retrying. */
export function failedCode(err: GatewayError): string {
  switch (err.kind) {
    case 'context_length':
      return 'context_length_exceeded';
    case 'quota':
      return 'insufficient_quota';
    case 'rate_limit':
      return 'rate_limit_exceeded';
    case 'overloaded':
      return 'server_is_overloaded';
    case 'invalid_request':
    case 'authentication':
    case 'permission':
    case 'not_found':
    case 'request_too_large':
      return 'invalid_prompt';
    default:
      return 'server_error';
  }
}

/** The failure message; Codex reads the rate-limit delay from "try again in Ns". */
export function failedMessage(err: GatewayError): string {
  if (err.kind === 'rate_limit' && !/try again in/i.test(err.message)) {
    return `${err.message} Please try again in ${Math.max(1, Math.ceil(err.retryAfter ?? 1))}s.`;
  }
  return err.message;
}

const KIND_FOR_CODE: Record<string, GatewayErrorKind> = {
  context_length_exceeded: 'context_length',
  insufficient_quota: 'quota',
  usage_not_included: 'quota',
  quota_exceeded: 'quota',
  rate_limit_exceeded: 'rate_limit',
  rate_limited: 'rate_limit',
  server_is_overloaded: 'overloaded',
  slow_down: 'overloaded',
  invalid_prompt: 'invalid_request',
  invalid_request_error: 'invalid_request',
};

/** A GatewayError from a Responses failure code (a `response.failed` or mid-stream `error`). */
export function errorFromFailure(code: string | undefined, message: string | undefined): GatewayError {
  const kind = (code && KIND_FOR_CODE[code]) || 'upstream';
  const text = message || `Copilot /responses stream failed${code ? ` (${code})` : ''}`;
  const m = /try again in ([\d.]+)\s*(ms|s)/i.exec(text);
  const retryAfter = m ? (m[2]!.toLowerCase() === 'ms' ? Number(m[1]) / 1000 : Number(m[1])) : undefined;
  return new GatewayError(kind, text, { code, retryAfter });
}

/** Egress: Copilot's `/responses` errors are OpenAI-shaped; anything else goes the generic way. */
export function decodeError(status: number, body: unknown, headers: Record<string, string>): GatewayError {
  const fields = readErrorFields(body);
  if (fields.code === 'previous_response_not_found') {
    return GatewayError.invalid(fields.message ?? 'previous_response_id was not found', {
      code: fields.code,
      param: 'previous_response_id',
    });
  }
  return errorFromUpstream(status, body, headers);
}
