// Who may read /metrics. A configured `metricsToken` (Bearer, compared in constant time) or an
// admin credential (the keys concern decides; the integrator passes `isAdmin`) always works.
// Without either, only the loopback interface may scrape, decided from the socket, never from
// headers, and only while `anonymousLoopback` holds (turn it off once API keys exist).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface MetricsAccessOptions {
  metricsToken?: string;
  isAdmin?: (req: IncomingMessage) => boolean;
  /** Loopback clients without a credential are let in (default true when no metricsToken is set). */
  anonymousLoopback?: boolean | (() => boolean);
}

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

export function isLoopbackSocket(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress;
  return !!a && (a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.'));
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

export function createMetricsAccess(options: MetricsAccessOptions): (req: IncomingMessage) => MetricsAccess {
  const expected = options.metricsToken ? digest(options.metricsToken) : undefined;
  const loopbackRule = options.anonymousLoopback ?? expected === undefined;
  const anonymousLoopbackNow = typeof loopbackRule === 'function' ? loopbackRule : () => loopbackRule;
  return (req) => {
    const given = bearer(req);
    if (expected && given !== undefined && timingSafeEqual(digest(given), expected)) return { ok: true };
    if (options.isAdmin?.(req)) return { ok: true };
    if (anonymousLoopbackNow() && isLoopbackSocket(req)) return { ok: true };
    if (expected || options.isAdmin) {
      return {
        ok: false,
        status: 401,
        message: expected
          ? 'GET /metrics needs "Authorization: Bearer <metricsToken>" (the metricsToken in config.json) or an admin credential'
          : 'GET /metrics needs an admin credential',
      };
    }
    return {
      ok: false,
      status: 403,
      message:
        'GET /metrics is only served to loopback clients; set "metricsToken" in config.json to scrape from elsewhere',
    };
  };
}
