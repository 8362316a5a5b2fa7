// Small node:http helpers shared by both emulated servers (no framework: the benchmarks measure
// gateway overhead against this emulator, so per-request work stays minimal).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorHttpError } from './http-error.js';
import type { LoggedRequest } from './types.js';

export { EmulatorHttpError };

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parsed JSON when the text is JSON, else the text itself; undefined when empty. */
export function parseLoose(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export function splitUrl(url: string | undefined): { path: string; query: string } {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? { path: raw, query: '' } : { path: raw.slice(0, q), query: raw.slice(q + 1) };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Sends an already serialised JSON body. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
) {
  // A fault may give its own content type (an HTML error page, a truncated JSON body).
  res.writeHead(status, {
    ...headers,
    'content-type': headers['content-type'] ?? 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: EmulatorHttpError, headers: Record<string, string> = {}) {
  const merged = { ...headers, ...err.headers };
  if (typeof err.body === 'string') sendText(res, err.status, err.body, merged);
  else sendJson(res, err.status, err.body, merged);
}

/** A bounded request log: the oldest entries go first once `max` is exceeded. */
export function pushBounded(log: LoggedRequest[], entry: LoggedRequest, max: number): void {
  log.push(entry);
  // Trim in batches so the amortised cost stays O(1) per request.
  if (log.length > max + 500) log.splice(0, log.length - max);
}

/** Resolves after `ms`, or early (without throwing) when the signal aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
