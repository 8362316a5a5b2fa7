// Serves the built admin UI (web/ → dist/web by `npm run build`) at /admin:
//   GET /admin, /admin/<client route>   index.html, never cached (it names the current assets)
//   GET /admin/assets/<hashed name>     immutable for a year (the name changes with the content)
// Every answer carries a strict CSP (scripts, styles and fetches from this origin only; no
// framing), nosniff and no referrer. The files are read per request: the UI is fetched rarely,
// and nothing is cached in memory. Without a build (a source checkout before `npm run build`) the
// index answers 503 with a line saying how to build it.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewayError } from '../../errors/gateway-error.js';
import type { RequestContext } from '../../gateway/request-context.js';

/** dist/web of this package: this file is <root>/{src,dist}/admin/web/static.{ts,js}. */
export function defaultWebRoot(): string {
  return join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'dist', 'web');
}

export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': ADMIN_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Hashed asset names as Vite writes them (no slashes, no dot-files, no `..`). */
const ASSET_NAME = /^[\w-]+(?:\.[\w-]+)*\.[a-z0-9]+$/;

const NOT_BUILT =
  'The admin UI is not built. Run `npm run build` in the copilot-gateway checkout (it writes dist/web), then reload.\n';

export async function serveAdminIndex(rc: RequestContext): Promise<void> {
  const { res, req } = rc;
  req.resume();
  let html: Buffer;
  try {
    html = await readFile(join(rc.ctx.webRoot, 'index.html'));
  } catch {
    res.writeHead(503, {
      ...SECURITY_HEADERS,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(NOT_BUILT),
    });
    res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
    'content-length': html.length,
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}

export async function serveAdminAsset(rc: RequestContext): Promise<void> {
  const { res, req } = rc;
  req.resume();
  const name = rc.params.name ?? '';
  const type = TYPES[extname(name)];
  const missing = () =>
    new GatewayError('not_found', `No admin asset named ${JSON.stringify(name.slice(0, 100))}`, {
      code: 'asset_not_found',
    });
  if (!ASSET_NAME.test(name) || !type) throw missing();
  const path = join(rc.ctx.webRoot, 'assets', name);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw missing();
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'cache-control': 'public, max-age=31536000, immutable',
    'content-length': info.size,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
