// Small routes: health, usage (quota; admin read), token (admin write + --show-token), and
// HEAD / (Claude Code probes it).
import { GatewayError } from '../../errors/gateway-error.js';
import { sendJson } from '../http/respond.js';
import { runReadiness } from '../readiness.js';
import type { RequestContext } from '../request-context.js';

export async function healthz(rc: RequestContext): Promise<void> {
  sendJson(rc.res, 200, {
    status: 'ok',
    inflight: rc.ctx.load.inflight,
    upstream: rc.ctx.admission.inflight,
  });
}

/** Readiness for load balancers: 200 when every dependency answers, else 503 with what failed. */
export async function readyz(rc: RequestContext): Promise<void> {
  const report = await runReadiness(rc.ctx.readiness);
  rc.res.setHeader('cache-control', 'no-store');
  sendJson(rc.res, report.ready ? 200 : 503, report);
}

export async function root(rc: RequestContext): Promise<void> {
  if (rc.req.method === 'HEAD') {
    rc.res.writeHead(200, { 'content-type': 'text/plain' });
    rc.res.end();
    return;
  }
  sendJson(rc.res, 200, {
    name: 'copilot-gateway',
    status: 'ok',
    docs: 'See README.md for endpoints and client recipes',
  });
}

export async function usage(rc: RequestContext): Promise<void> {
  sendJson(rc.res, 200, await rc.ctx.fetchUsage());
}

export async function token(rc: RequestContext): Promise<void> {
  if (!rc.ctx.settings.showToken) {
    throw new GatewayError(
      'permission',
      'GET /token is disabled; start the gateway with --show-token to enable it',
      { status: 403 },
    );
  }
  // Who may ask was decided by the guard (route access admin-write): a key with the admin:write
  // scope or the admin session; before any key exists, loopback clients only.
  const t = await rc.ctx.tokens.get();
  sendJson(rc.res, 200, { token: t.token, expires_at: t.expiresAt, refresh_in: t.refreshIn });
}
