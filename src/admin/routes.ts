// Every admin API route, in one list: registered into the gateway's router (app.ts) and described
// by the OpenAPI document served at /admin/api/openapi.json, from the same declarations.
import { z } from 'zod';
import { packageVersion } from '../cli/debug.js';
import { KEY_SCOPES, type KeyScope } from '../store/keys.js';
import { accountRoutes } from './accounts/routes.js';
import { type AdminRoute, adminRoute } from './api/define.js';
import { adminAuthState, adminLogin, adminLogout, adminSetup } from './auth/routes.js';
import { adminCreateKey, adminListKeys, adminRevokeKey, newKeySchema } from './keys/routes.js';
import { keyUpdateRoute } from './keys/update-route.js';
import { modelRoutes } from './models/routes.js';
import { settingsRoutes } from './settings/routes.js';
import { statusRoutes } from './status/routes.js';
import { usageRoutes } from './usage/routes.js';

const password = z.strictObject({ password: z.string().min(1) });
const session = z.object({ loggedIn: z.literal(true), csrfToken: z.string(), expiresAt: z.number() });
const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().optional(),
  expiresAt: z.number().optional(),
  revokedAt: z.number().optional(),
  models: z.array(z.string()).describe('globs over Copilot model ids; [] = every model'),
  scopes: z.array(z.enum(KEY_SCOPES as [KeyScope, ...KeyScope[]])),
  limits: newKeySchema.shape.limits.unwrap(),
});

/** A handler that reads its own input (the sign-in and key routes, older than the declarations). */
function raw(handler: (rc: Parameters<AdminRoute['handle']>[0]) => Promise<void>): AdminRoute['handle'] {
  return async (rc) => {
    await handler(rc);
    return { written: true };
  };
}

const signInRoutes: AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/admin/api/auth',
    access: 'public',
    summary: 'Whether an admin password exists, whether this client may set it, and the session',
    response: z.object({
      passwordSet: z.boolean(),
      setupAllowed: z.boolean(),
      loggedIn: z.boolean(),
      csrfToken: z.string().optional(),
    }),
    rawInput: true,
    handle: raw(adminAuthState),
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/api/setup',
    access: 'public',
    summary: 'Set the first admin password (loopback socket only, before one exists); signs in',
    body: password,
    response: session,
    rawInput: true,
    handle: raw(adminSetup),
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/api/login',
    access: 'public',
    summary: 'Sign in: a session cookie (gw_admin) and the CSRF token for changes',
    body: password,
    response: session,
    rawInput: true,
    handle: raw(adminLogin),
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/api/logout',
    access: 'public',
    summary: 'Sign out (needs the x-csrf-token header when signed in)',
    response: z.object({ loggedIn: z.literal(false) }),
    rawInput: true,
    handle: raw(adminLogout),
  }),
];

const keyRoutes: AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/admin/api/keys',
    access: 'admin-read',
    summary: 'Every API key, revoked ones included (never the key itself)',
    response: z.object({ keys: z.array(apiKey) }),
    rawInput: true,
    handle: raw(adminListKeys),
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/api/keys',
    access: 'admin-write',
    summary: 'Create a key; the answer carries the key itself, the only time it is shown',
    body: newKeySchema,
    response: apiKey.extend({ key: z.string() }),
    status: 201,
    rawInput: true,
    handle: raw(adminCreateKey),
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/api/keys/revoke',
    access: 'admin-write',
    summary: 'Revoke a key by id',
    body: z.strictObject({ id: z.string() }),
    response: apiKey,
    rawInput: true,
    handle: raw(adminRevokeKey),
  }),
  keyUpdateRoute(apiKey),
];

const openApiRoute = adminRoute({
  method: 'GET',
  path: '/admin/api/openapi.json',
  access: 'public',
  summary: 'This document',
  response: z.record(z.string(), z.unknown()),
  handle: async (rc) => {
    // Loaded on first ask: a gateway nobody asks for its API document does not carry the generator.
    if (!rc.ctx.admin.openApi) {
      const { buildOpenApi } = await import('./api/openapi.js');
      rc.ctx.admin.openApi = buildOpenApi(ADMIN_ROUTES, packageVersion());
    }
    return { body: rc.ctx.admin.openApi };
  },
});

export const ADMIN_ROUTES: readonly AdminRoute[] = [
  ...signInRoutes,
  ...statusRoutes,
  ...accountRoutes,
  ...modelRoutes,
  ...usageRoutes,
  ...keyRoutes,
  ...settingsRoutes,
  openApiRoute,
];
