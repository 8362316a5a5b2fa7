// Gemini error envelope: `{error:{code, message, status, details?}}` with google.rpc status
// names (client-protocols.md §4/§5). Copilot's quota errors (402) become 429 RESOURCE_EXHAUSTED,
// the only quota signal Gemini clients understand; retry-after travels as google.rpc.RetryInfo.

import { GatewayError, type GatewayErrorKind } from '../../errors/gateway-error.js';
import { errorFromUpstream, retryAfterSeconds } from '../../errors/upstream-error.js';
import type { EncodedError } from '../ir/codec.js';
import type { GeminiErrorBody } from './wire-types.js';

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

const STATUS_BY_CODE: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** HTTP code for a gateway error as a Gemini client should see it. */
function geminiCode(err: GatewayError): number {
  switch (err.kind) {
    case 'quota':
    case 'rate_limit':
      return 429;
    case 'context_length':
    case 'request_too_large':
      return 400;
    case 'overloaded':
      return 503;
    case 'timeout':
      return 504;
    default:
      if (err.status === 529) return 503;
      return STATUS_BY_CODE[err.status] ? err.status : err.status >= 500 ? 500 : 400;
  }
}

export function geminiErrorBody(err: GatewayError): GeminiErrorBody {
  const code = geminiCode(err);
  const body: GeminiErrorBody = {
    error: { code, message: err.message, status: STATUS_BY_CODE[code] ?? 'UNKNOWN' },
  };
  if (err.retryAfter !== undefined && code === 429) {
    body.error.details = [{ '@type': RETRY_INFO, retryDelay: `${Math.ceil(err.retryAfter)}s` }];
  }
  return body;
}

export function encodeGeminiError(err: GatewayError): EncodedError {
  const body = geminiErrorBody(err);
  const headers: Record<string, string> = {};
  if (err.retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(err.retryAfter));
  return { status: body.error.code, headers, body };
}

const KIND_BY_STATUS: Record<string, GatewayErrorKind> = {
  INVALID_ARGUMENT: 'invalid_request',
  FAILED_PRECONDITION: 'invalid_request',
  OUT_OF_RANGE: 'invalid_request',
  UNAUTHENTICATED: 'authentication',
  PERMISSION_DENIED: 'permission',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limit',
  UNAVAILABLE: 'overloaded',
  DEADLINE_EXCEEDED: 'timeout',
  INTERNAL: 'upstream',
};

/** Parses "34s" / "1.5s" (google.protobuf.Duration JSON) into seconds. */
function parseDuration(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

/** Recognises a Gemini error body (also inside the JSON-array stream form); else the generic mapping. */
export function decodeGeminiError(
  status: number,
  body: unknown,
  headers: Record<string, string>,
): GatewayError {
  const candidate = Array.isArray(body) ? body.find((b) => b && typeof b === 'object' && 'error' in b) : body;
  const inner = (candidate as { error?: unknown } | null)?.error;
  if (!inner || typeof inner !== 'object' || typeof (inner as { status?: unknown }).status !== 'string') {
    return errorFromUpstream(status, body, headers);
  }
  const e = inner as { code?: unknown; message?: unknown; status: string; details?: unknown };
  const message =
    typeof e.message === 'string' && e.message ? e.message : `Gemini upstream returned ${e.status}`;
  let retryAfter = retryAfterSeconds(headers);
  if (Array.isArray(e.details)) {
    for (const d of e.details) {
      if (d && typeof d === 'object' && (d as Record<string, unknown>)['@type'] === RETRY_INFO) {
        retryAfter = parseDuration((d as Record<string, unknown>).retryDelay) ?? retryAfter;
      }
    }
  }
  let kind: GatewayErrorKind = KIND_BY_STATUS[e.status] ?? (status >= 500 ? 'upstream' : 'invalid_request');
  if (kind === 'invalid_request' && /input token count.*exceeds the maximum|context/i.test(message))
    kind = 'context_length';
  const code = typeof e.code === 'number' ? e.code : status;
  return new GatewayError(kind, message, {
    status: kind === 'upstream' ? (code >= 500 ? code : 502) : code,
    code: kind === 'context_length' ? 'context_length_exceeded' : e.status,
    retryAfter,
  });
}
