// Maps a failed GitHub call to a GatewayError whose message tells the user what to do next.
import { GatewayError } from '../errors/gateway-error.js';
import { readErrorFields, retryAfterSeconds } from '../errors/upstream-error.js';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Seconds until GitHub's primary rate limit resets (x-ratelimit-reset is a unix time). */
function rateLimitWait(headers: Headers, nowMs: number): number | undefined {
  const after = retryAfterSeconds(headers);
  if (after !== undefined) return after;
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, Math.ceil(reset - nowMs / 1000));
  return undefined;
}

/**
 * @param what  what we were doing, e.g. "exchanging the GitHub token for a Copilot token"
 * @param body  parsed JSON when it was JSON, else the text
 */
export function githubError(
  what: string,
  status: number,
  body: unknown,
  headers: Headers,
  nowMs = Date.now(),
): GatewayError {
  const fields = readErrorFields(body);
  const text = typeof body === 'string' ? body.trim().slice(0, 300) : undefined;
  const upstreamMessage = fields.message ?? (text && !text.startsWith('<') ? text : undefined);
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;

  if (status === 401) {
    return new GatewayError(
      'authentication',
      `GitHub rejected the GitHub token while ${what} (HTTP 401${upstreamMessage ? `: ${upstreamMessage}` : ''}). ` +
        'The token is invalid, expired or revoked: run `copilot-gateway auth` again.',
      { status: 401, retryable: false },
    );
  }

  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (header(headers, 'x-ratelimit-remaining') === '0' || /rate limit/i.test(upstreamMessage ?? '')));
  if (rateLimited) {
    const wait = rateLimitWait(headers, nowMs);
    return new GatewayError(
      'rate_limit',
      `GitHub rate limit hit while ${what}${upstreamMessage ? `: ${upstreamMessage}` : ''}` +
        (wait !== undefined ? ` Try again in ${wait} s.` : ' Try again later.'),
      { status: 429, retryAfter: wait, retryable: true },
    );
  }

  // Not entitled to Copilot: {message, error_details{message,title,url}, can_signup_for_limited}.
  const details =
    b.error_details && typeof b.error_details === 'object'
      ? (b.error_details as Record<string, unknown>)
      : undefined;
  if (details || status === 403 || (status === 404 && what.includes('Copilot'))) {
    const detailMessage = typeof details?.message === 'string' ? details.message : undefined;
    const url = typeof details?.url === 'string' ? details.url : undefined;
    const base = detailMessage ?? upstreamMessage ?? 'This GitHub account has no access to GitHub Copilot.';
    const signup = b.can_signup_for_limited === true ? ' You can sign up for Copilot Free.' : '';
    return new GatewayError('permission', `${base}${url ? ` See ${url}` : ''}${signup}`.trim(), {
      status: 403,
      code: 'copilot_not_entitled',
      retryable: false,
    });
  }

  if (status >= 500) {
    return new GatewayError(
      'upstream',
      `GitHub failed while ${what} (HTTP ${status}${upstreamMessage ? `: ${upstreamMessage}` : ''})`,
      {
        status: 502,
        retryAfter: retryAfterSeconds(headers),
        retryable: true,
      },
    );
  }

  return new GatewayError(
    'upstream',
    `Unexpected answer from GitHub while ${what} (HTTP ${status}${upstreamMessage ? `: ${upstreamMessage}` : ''})`,
    {
      status: 502,
      retryable: false,
    },
  );
}

/** A network-level failure (DNS, refused, reset, timeout). */
export function githubNetworkError(what: string, url: string, err: unknown): GatewayError {
  const cause = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const reason = cause?.cause?.code ?? cause?.code ?? cause?.cause?.message ?? cause?.message ?? String(err);
  const host = (() => {
    try {
      return new URL(url).origin;
    } catch {
      return url;
    }
  })();
  return new GatewayError(
    'upstream',
    `Could not reach GitHub at ${host} while ${what} (${reason}). Check the network, --github-url and, behind a proxy, --proxy-env.`,
    { status: 502, retryable: true, cause: err },
  );
}
