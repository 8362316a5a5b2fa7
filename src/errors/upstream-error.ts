// Maps an upstream (Copilot) error response to a GatewayError. Copilot answers in several
// shapes: OpenAI-style `{error:{message,code,type}}`, Anthropic-style `{type:"error",error:{type,
// message}}`, plain text (`bad request: missing Editor-Version header for IDE auth`,
// `unauthorized: token expired`, `Misdirected Request`), even HTML from a proxy. Codecs call this
// for anything protocol-specific they did not recognise.
import { GatewayError, type GatewayErrorKind } from './gateway-error.js';

export function retryAfterSeconds(
  headers: Record<string, string | string[] | undefined>,
): number | undefined {
  const raw = headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  return undefined;
}

function kindForStatus(status: number): GatewayErrorKind {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 402) return 'quota';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status === 504 || status === 408) return 'timeout';
  return 'upstream';
}

/** Extracts `{message, code, type, param}` from any JSON error shape we know. */
export function readErrorFields(body: unknown): {
  message?: string;
  code?: string;
  type?: string;
  param?: string;
} {
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  const inner = (b.error && typeof b.error === 'object' ? b.error : b) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  return {
    message: str(inner.message) ?? str(b.message) ?? (typeof b.error === 'string' ? b.error : undefined),
    code: str(inner.code),
    type: str(inner.type) ?? str(inner.status),
    param: str(inner.param),
  };
}

export function errorFromUpstream(
  status: number,
  body: unknown,
  headers: Record<string, string | string[] | undefined> = {},
): GatewayError {
  const retryAfter = retryAfterSeconds(headers);
  let message: string | undefined;
  let code: string | undefined;
  let param: string | undefined;
  if (typeof body === 'string') {
    const text = body.trim();
    // HTML error pages (proxies, load balancers) are summarised, never forwarded.
    message = text.startsWith('<')
      ? `Copilot returned an HTML error page (HTTP ${status})`
      : text.slice(0, 2000);
  } else {
    const f = readErrorFields(body);
    message = f.message;
    code = f.code;
    param = f.param;
  }
  message ||= `Copilot returned HTTP ${status}`;

  let kind = kindForStatus(status);
  if (
    status === 400 &&
    /prompt token count|prompt is too long|context length|context_length/i.test(message)
  ) {
    kind = 'context_length';
    code ??= 'context_length_exceeded';
  }
  if (code === 'model_not_supported' || code === 'unsupported_api_for_model') kind = 'invalid_request';
  if (status === 421) {
    kind = 'upstream';
    message = `Copilot answered 421 Misdirected Request: the Copilot API host does not match this account's plan. Check --account-type or --copilot-api-url.`;
  }
  // Copilot's 400/401 plain texts are about our headers or token, not the client's request.
  if (status === 400 && /^bad request: (missing|unknown) (Editor-Version|integration)/i.test(message)) {
    kind = 'upstream';
    message = `Copilot rejected the gateway's identity headers (${message}); set identity in config.json`;
  }
  const retryable = kind === 'rate_limit' || kind === 'overloaded' || kind === 'timeout' || status >= 500;
  return new GatewayError(kind, message, {
    status: kind === 'upstream' && status < 500 ? 502 : status,
    code,
    param,
    retryAfter,
    retryable,
  });
}
