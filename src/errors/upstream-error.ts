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
  // Copilot's 400/401 plain texts are about our headers or token, not the client's request.
  if (status === 400 && /^bad request: (missing|unknown) (Editor-Version|integration)/i.test(message)) {
    kind = 'upstream';
    message = `Copilot rejected the gateway's identity headers (${message}); set identity in config.json`;
  }
  const known = copilotFailure(status, code, message, retryAfter);
  if (known) {
    return new GatewayError(known.kind, known.message, {
      status: known.status,
      code: known.code ?? code,
      param,
      retryAfter: known.retryAfter ?? retryAfter,
      retryable: known.retryable,
    });
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

interface KnownFailure {
  kind: GatewayErrorKind;
  status: number;
  message: string;
  code?: string;
  retryAfter?: number;
  retryable: boolean;
}

function resetText(retryAfter: number | undefined): string {
  if (retryAfter === undefined) return 'Copilot did not say when it resets';
  const at = new Date(Date.now() + retryAfter * 1000).toISOString();
  return `it resets at ${at} (in ${retryAfter} s)`;
}

/**
 * Copilot's own failures (copilot-upstream-2026.md §2), each with a message that says what to do.
 * The status is what the client should act on; `retryable` is whether a retry can help.
 */
function copilotFailure(
  status: number,
  code: string | undefined,
  upstream: string,
  retryAfter: number | undefined,
): KnownFailure | undefined {
  const said = upstream.replace(/[.\s]+$/, '');
  if (status === 466) {
    return {
      kind: 'upstream',
      status: 502,
      code: 'client_version_unsupported',
      retryable: false,
      message: `Copilot no longer accepts this client version; update \`identity\` in config.json (the editor and plugin versions of a current VS Code Copilot Chat) or upgrade copilot-gateway. Copilot said (HTTP 466): ${said}.`,
    };
  }
  if (status === 402) {
    return {
      kind: 'quota',
      status: 402,
      retryable: false,
      message: `Copilot quota exhausted (${said}); ${resetText(retryAfter)}. Use a model your plan includes at no extra cost (GET /v1/models), or raise the budget in GitHub's Copilot settings.`,
    };
  }
  if (status === 421) {
    return {
      kind: 'upstream',
      status: 502,
      code: 'misdirected_request',
      retryable: false,
      message:
        "Copilot answered 421 Misdirected Request: the request went to a Copilot API host that does not serve this account (e.g. the business host for an enterprise seat). Remove a copilotApiUrl / --copilot-api-url override so the host from the Copilot token's endpoints.api is used; if the token names no host, set accountType / --account-type to the seat's plan.",
    };
  }
  if (code === 'no_available_model_endpoints') {
    return {
      kind: 'invalid_request',
      status: 400,
      retryable: false,
      message: `Copilot has no endpoint for this model under the account's plan and policies (${said}). Pick a model the plan allows from GET /v1/models, or enable the model in GitHub's Copilot settings.`,
    };
  }
  if (code === 'off_topic') {
    return {
      kind: 'invalid_request',
      status: 400,
      retryable: false,
      message: `Copilot refused the request as off-topic (${said}); it answers software-development requests only: rephrase the prompt.`,
    };
  }
  if (status === 422) {
    return {
      kind: 'invalid_request',
      status: 422,
      code: code ?? 'content_filter',
      retryable: false,
      message: `Copilot's content filter blocked this request (${said}); rephrase the prompt or remove the flagged content.`,
    };
  }
  if (status === 499) {
    return {
      kind: 'upstream',
      status: 502,
      code: 'cancelled_by_upstream',
      retryable: true,
      message: `Copilot cancelled the request (HTTP 499: ${said}); retry it.`,
    };
  }
  if (status === 424) {
    return {
      kind: 'upstream',
      status: 502,
      code: 'failed_dependency',
      retryable: true,
      message: `A service Copilot depends on failed (HTTP 424: ${said}); retry in a moment.`,
    };
  }
  if (code === 'upstream_provider_rate_limit') {
    return {
      kind: 'rate_limit',
      status: 429,
      retryable: true,
      message: `The model provider behind Copilot is rate limiting (${said}); retry later${retryAfter !== undefined ? ` (after ${retryAfter} s)` : ''} or use another model.`,
    };
  }
  if (status === 429 && code === 'extension_blocked') {
    return {
      kind: 'rate_limit',
      status: 429,
      retryable: true,
      retryAfter: retryAfter ?? 300,
      message: `Copilot has blocked this client for now (${said}); wait about 5 minutes before retrying, and lower the request rate.`,
    };
  }
  if (status === 429 && code !== undefined && /^user_(global|weekly)_rate_limited/.test(code)) {
    const inMessage = /retry after (\d+) seconds/i.exec(upstream);
    const after = retryAfter ?? (inMessage ? Number(inMessage[1]) : undefined);
    const which = code.startsWith('user_weekly') ? 'weekly' : '5-hour session';
    return {
      kind: 'rate_limit',
      status: 429,
      retryable: false,
      retryAfter: after,
      message: `Copilot's ${which} limit for this account is reached (${said}); ${after !== undefined ? `retry after ${after} s` : 'retry later'}, or use another account.`,
    };
  }
  return undefined;
}
