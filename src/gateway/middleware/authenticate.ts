// Who is calling, and may they use this route. Keys come from the protocol's own header
// (./extract-key.ts); the admin session from its cookie. With no key defined the gateway serves
// loopback clients only (decided from the socket, never from headers), unless --no-auth.
import { csrfMatches } from '../../admin/auth/sessions.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IndexedKey, KeyScope } from '../../store/keys.js';
import type { RequestContext } from '../request-context.js';
import { isLoopbackAddress, type RouteAccess } from './access.js';
import { presentedKey } from './extract-key.js';
import type { RequestAuth } from './request-auth.js';

export type { RequestAuth };

const CREATE_HINT = 'create one with `copilot-gateway keys create --name NAME`';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

function scopeFor(access: RouteAccess): KeyScope | undefined {
  if (access === 'read' || access === 'inference') return 'inference';
  if (access === 'admin-read') return 'admin:read';
  if (access === 'admin-write') return 'admin:write';
  return undefined;
}

function hasScope(key: IndexedKey, scope: KeyScope): boolean {
  return key.scopes.includes(scope) || (scope === 'admin:read' && key.scopes.includes('admin:write'));
}

export function authenticate(rc: RequestContext, access: RouteAccess): RequestAuth {
  if (access === 'public') return { via: 'public' };
  const sec = rc.ctx.security;
  const scope = scopeFor(access) as KeyScope;
  const presented = presentedKey(rc.req, rc.query);
  const { hasKeys: keysExist, key: found } = sec.keys.check(presented);

  const admin = access === 'admin-read' || access === 'admin-write';
  if (admin && !presented?.startsWith('cgw_')) {
    const session = sec.sessions.fromRequest(rc.req);
    if (session) {
      if (!SAFE_METHODS.has(rc.req.method ?? 'GET') && !csrfMatches(session, rc.req))
        throw new GatewayError('permission', 'Missing or wrong x-csrf-token header; reload the admin page', {
          code: 'csrf_failed',
        });
      return { via: 'session' };
    }
  }

  if (!keysExist) {
    if (isLoopbackAddress(rc.req.socket.remoteAddress)) return { via: 'loopback' };
    // --no-auth opens inference to the network; admin routes stay loopback-only until a key exists.
    if (sec.settings.noAuth && !admin) return { via: 'no-auth' };
    throw new GatewayError(
      'permission',
      `This gateway has no API keys yet, so it serves only clients on this machine. To allow other machines, ${CREATE_HINT} and send it as the API key.`,
      { code: 'no_keys_loopback_only' },
    );
  }

  if (!presented)
    throw new GatewayError(
      'authentication',
      `This gateway needs an API key: send it as the API key of your client (Authorization: Bearer, x-api-key, x-goog-api-key or ?key=), or ${CREATE_HINT}`,
      { code: 'missing_api_key' },
    );
  const key = found;
  if (!key)
    throw new GatewayError(
      'authentication',
      `The API key is not valid for this gateway; check it, or ${CREATE_HINT}`,
      { code: 'invalid_api_key' },
    );
  const now = Date.now();
  if (key.revokedAt !== undefined)
    throw new GatewayError('authentication', `The API key "${key.name}" was revoked; ${CREATE_HINT}`, {
      code: 'revoked_api_key',
    });
  if (key.expiresAt !== undefined && key.expiresAt <= now)
    throw new GatewayError(
      'authentication',
      `The API key "${key.name}" expired on ${new Date(key.expiresAt).toISOString()}; ${CREATE_HINT}`,
      { code: 'expired_api_key' },
    );
  if (!hasScope(key, scope))
    throw new GatewayError(
      'permission',
      `The API key "${key.name}" lacks the ${scope} scope needed for ${rc.path}; create a key with --scopes ${scope}`,
      { code: 'insufficient_scope' },
    );
  sec.keys.touch(key.id, now);
  return { key, via: 'key' };
}
