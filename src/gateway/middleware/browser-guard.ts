// Refuses requests a web page could forge, and answers CORS for the origins the user listed.
// Browsers send `Origin` on cross-origin requests (and same-origin POSTs) and `Sec-Fetch-Site`;
// SDKs, agent CLIs and curl send neither. A "simple" cross-site POST (content-type text/plain,
// form data) skips the CORS preflight, so those content types are refused on every POST outright
// (every POST route takes JSON).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../errors/gateway-error.js';

const SIMPLE_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export interface BrowserPolicy {
  allowedOrigins: ReadonlySet<string>;
}

/** Whether `origin` is this gateway itself (the admin UI), judged from the already-checked Host. */
function sameOrigin(req: IncomingMessage, origin: string): boolean {
  const host = header(req, 'host');
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** The request's Origin when it is allowed to make cross-origin calls (CORS applies), else undefined. */
export function corsOrigin(req: IncomingMessage, policy: BrowserPolicy): string | undefined {
  const origin = header(req, 'origin');
  return origin !== undefined && policy.allowedOrigins.has(origin) ? origin : undefined;
}

export function checkBrowserRequest(req: IncomingMessage, policy: BrowserPolicy): void {
  const origin = header(req, 'origin');
  const site = header(req, 'sec-fetch-site');
  const listed = origin !== undefined && policy.allowedOrigins.has(origin);
  if (origin !== undefined && !listed && !sameOrigin(req, origin)) {
    throw new GatewayError(
      'permission',
      `Requests from the web origin ${origin} are refused. To let a browser app at that origin call the gateway, add it to "allowedOrigins" in config.json.`,
      { code: 'origin_not_allowed' },
    );
  }
  if ((site === 'cross-site' || site === 'same-site') && !listed) {
    throw new GatewayError(
      'permission',
      'Cross-site browser requests are refused. To let a browser app call the gateway, add its origin to "allowedOrigins" in config.json.',
      { code: 'cross_site_refused' },
    );
  }
  if (req.method === 'POST') {
    const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (SIMPLE_TYPES.includes(type)) {
      throw new GatewayError(
        'permission',
        `content-type ${type} is refused (a web page can send it without asking). Send the JSON body with content-type: application/json.`,
        { code: 'content_type_refused' },
      );
    }
  }
}

const EXPOSED = 'x-trace-id, retry-after, x-request-id';

/** Adds the CORS headers of an allowed origin to the response. */
export function applyCors(res: ServerResponse, origin: string): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', EXPOSED);
  res.appendHeader('vary', 'Origin');
}

/** Answers an OPTIONS preflight: 204 with the grant for a listed origin, 403 otherwise. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, policy: BrowserPolicy): void {
  const origin = corsOrigin(req, policy);
  req.resume();
  if (!origin) {
    const body = JSON.stringify({
      error: {
        type: 'permission_error',
        message: 'This origin may not call the gateway; add it to "allowedOrigins" in config.json.',
      },
    });
    res.writeHead(403, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      vary: 'Origin',
    });
    res.end(body);
    return;
  }
  const requested = header(req, 'access-control-request-headers');
  res.writeHead(204, {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    // Echo what the browser asks for: SDKs add their own headers (x-stainless-*, anthropic-*).
    'access-control-allow-headers':
      requested && /^[\w\s,-]+$/.test(requested) ? requested : 'authorization, content-type',
    'access-control-max-age': '600',
    vary: 'Origin, Access-Control-Request-Headers',
  });
  res.end();
}
