// The one place every request is checked before its route runs (called from server.ts):
// Host allow-list, forged-browser refusal, CORS, authentication, per-key limits, --manual
// approval and the global --rate-limit pacer, in that order (cheap refusals first; waiting last).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../errors/gateway-error.js';
import type { GatewayContext } from '../context.js';
import type { RequestContext } from '../request-context.js';
import type { RouteAccess } from './access.js';
import { authenticate } from './authenticate.js';
import { answerPreflight, applyCors, checkBrowserRequest, corsOrigin } from './browser-guard.js';

function hostError(host: string | undefined): GatewayError {
  return new GatewayError(
    'permission',
    `The Host "${host}" is not one this gateway answers to (DNS rebinding protection). Use localhost or an IP address, or add the name to "allowedHosts" in config.json.`,
    { code: 'host_not_allowed' },
  );
}

/** Checks the Host header; false (and an error) for a rebinding attempt. */
export function checkHost(ctx: GatewayContext, req: IncomingMessage): void {
  const host = req.headers.host;
  if (!ctx.security.hostAllowed(host)) throw hostError(host);
}

/** Answers a CORS preflight (OPTIONS) for any path. */
export function handlePreflight(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse): void {
  checkHost(ctx, req);
  answerPreflight(req, res, ctx.security.browser);
}

/** Codes a key index that missed a change from another instance could answer wrongly. */
const STALE_INDEX_CODES = new Set(['invalid_api_key', 'no_keys_loopback_only']);

/**
 * authenticate(), and once more after a refresh of the key index when it refused a key it may not
 * have heard of yet (created on another instance a moment ago; shared backends only, throttled).
 */
async function authenticateFresh(rc: RequestContext, access: RouteAccess) {
  try {
    return authenticate(rc, access);
  } catch (err) {
    const keys = rc.ctx.security.keys;
    if (!(err instanceof GatewayError) || !STALE_INDEX_CODES.has(err.code ?? '') || !keys.refresh) throw err;
    if (!(await keys.refresh())) throw err;
    return authenticate(rc, access);
  }
}

/** Runs every check; returns the function that releases what the request holds (concurrency). */
export async function guardRequest(rc: RequestContext, access: RouteAccess): Promise<() => void> {
  const sec = rc.ctx.security;
  checkHost(rc.ctx, rc.req);
  checkBrowserRequest(rc.req, sec.browser);
  const origin = corsOrigin(rc.req, sec.browser);
  if (origin) applyCors(rc.res, origin);
  const auth = await authenticateFresh(rc, access);
  // Before any key exists, loopback clients may use the admin routes only until an admin
  // password is set; from then on they sign in like everyone else.
  if (auth.via === 'loopback' && (access === 'admin-read' || access === 'admin-write')) {
    if ((await sec.admin.passwordHash()) !== undefined)
      throw new GatewayError(
        'authentication',
        'An admin password is set: sign in (POST /admin/api/login) or use a key with an admin scope',
        { code: 'admin_login_required' },
      );
  }
  rc.auth = auth;
  if (access !== 'inference') return noop;
  // Credit budgets, rpm, concurrency, tpm, then the global pacer: one check (one Redis round trip
  // when the limits are shared); with --manual the pacer waits until a person has allowed it.
  const release = await sec.limits.admit({ key: auth.key, pace: !sec.approve, cancel: rc.cancel });
  if (!sec.approve) return release;
  try {
    const who = auth.key ? `key "${auth.key.name}"` : (rc.req.socket.remoteAddress ?? 'unknown client');
    const allowed = await sec.approve(`${rc.req.method} ${rc.path} from ${who}`);
    if (!allowed)
      throw new GatewayError('permission', 'The request was refused by the gateway operator (--manual)', {
        code: 'refused_by_operator',
      });
    await sec.limits.pace(rc.cancel);
  } catch (err) {
    release();
    throw err;
  }
  return release;
}

function noop(): void {}
