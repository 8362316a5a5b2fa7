// The admin sign-in API the admin UI builds on:
//   GET  /admin/api/auth    whether a password exists, whether this client may set it, the session
//   POST /admin/api/setup   {password}: first password; only before one exists and only from a
//                           loopback *socket* (never judged from Host or X-Forwarded-For)
//   POST /admin/api/login   {password}: a session cookie + CSRF token; failures limited per address
//   POST /admin/api/logout  ends the session (needs the CSRF token)

import { GatewayError } from '../../errors/gateway-error.js';
import { parseJsonObject, readBody } from '../../gateway/http/read-body.js';
import { sendJson } from '../../gateway/http/respond.js';
import { isLoopbackAddress } from '../../gateway/middleware/access.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { clearedSessionCookie, csrfMatches, isHttps, sessionCookie } from './sessions.js';

const MAX_BODY = 16 * 1024;

async function readPassword(rc: RequestContext): Promise<string> {
  const body = parseJsonObject(await readBody(rc.req, MAX_BODY));
  if (typeof body.password !== 'string')
    throw GatewayError.invalid('Send {"password": "..."} as JSON', { param: 'password' });
  return body.password;
}

function startSession(rc: RequestContext): void {
  const sec = rc.ctx.security;
  const { token, session } = sec.sessions.create();
  rc.res.setHeader('set-cookie', sessionCookie(token, sec.sessions.ttlSec, isHttps(rc.req)));
  rc.res.setHeader('cache-control', 'no-store');
  sendJson(rc.res, 200, { loggedIn: true, csrfToken: session.csrfToken, expiresAt: session.expiresAt });
}

export async function adminAuthState(rc: RequestContext): Promise<void> {
  const sec = rc.ctx.security;
  const passwordSet = (await sec.admin.passwordHash()) !== undefined;
  const session = sec.sessions.fromRequest(rc.req);
  rc.res.setHeader('cache-control', 'no-store');
  sendJson(rc.res, 200, {
    passwordSet,
    setupAllowed: !passwordSet && isLoopbackAddress(rc.req.socket.remoteAddress),
    loggedIn: session !== undefined,
    csrfToken: session?.csrfToken,
  });
}

export async function adminSetup(rc: RequestContext): Promise<void> {
  const sec = rc.ctx.security;
  if (!isLoopbackAddress(rc.req.socket.remoteAddress)) {
    rc.req.resume();
    throw new GatewayError(
      'permission',
      'The first admin password can be set only from this machine (a loopback connection), or with `copilot-gateway admin set-password`',
      { code: 'setup_loopback_only' },
    );
  }
  const password = await readPassword(rc);
  if ((await sec.admin.passwordHash()) !== undefined)
    throw new GatewayError(
      'permission',
      'An admin password is already set; sign in, or change it with `copilot-gateway admin set-password`',
      { code: 'password_already_set' },
    );
  const problem = passwordProblem(password);
  if (problem) throw GatewayError.invalid(problem, { param: 'password' });
  await sec.admin.setPasswordHash(await hashPassword(password));
  startSession(rc);
}

export async function adminLogin(rc: RequestContext): Promise<void> {
  const sec = rc.ctx.security;
  const address = rc.req.socket.remoteAddress ?? 'unknown';
  const wait = sec.logins.retryAfter(address);
  if (wait > 0) {
    rc.req.resume();
    throw new GatewayError(
      'rate_limit',
      'Too many failed sign-in attempts from this address; wait and retry',
      {
        retryAfter: wait,
        code: 'login_rate_limited',
      },
    );
  }
  const password = await readPassword(rc);
  const stored = await sec.admin.passwordHash();
  if (!stored)
    throw new GatewayError(
      'permission',
      'No admin password is set yet: set one from this machine or with `copilot-gateway admin set-password`',
      { code: 'no_admin_password' },
    );
  if (!(await verifyPassword(password, stored))) {
    sec.logins.fail(address);
    throw new GatewayError('authentication', 'Wrong admin password', { code: 'wrong_password' });
  }
  sec.logins.succeed(address);
  startSession(rc);
}

export async function adminLogout(rc: RequestContext): Promise<void> {
  const sec = rc.ctx.security;
  rc.req.resume();
  const session = sec.sessions.fromRequest(rc.req);
  if (session && !csrfMatches(session, rc.req))
    throw new GatewayError('permission', 'Missing or wrong x-csrf-token header; reload the admin page', {
      code: 'csrf_failed',
    });
  sec.sessions.destroy(rc.req);
  rc.res.setHeader('set-cookie', clearedSessionCookie(isHttps(rc.req)));
  sendJson(rc.res, 200, { loggedIn: false });
}
