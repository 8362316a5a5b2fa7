// The admin API for keys (what the admin UI lists, creates and revokes), behind an admin key or
// the admin session (+ CSRF token for changes):
//   GET  /admin/api/keys          every key, never the key itself          (admin:read)
//   POST /admin/api/keys          {name, models?, scopes?, limits?, expiresAt?} → the key, once (admin:write)
//   POST /admin/api/keys/revoke   {id}                                     (admin:write)
import { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error.js';
import { parseJsonObject, readBody } from '../../gateway/http/read-body.js';
import { sendJson } from '../../gateway/http/respond.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { KEY_SCOPES, type KeyScope } from '../../store/keys.js';

const MAX_BODY = 64 * 1024;
const positiveInt = z.number().int().positive();

const newKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  models: z.array(z.string().min(1).max(200)).max(100).optional(),
  scopes: z
    .array(z.enum(KEY_SCOPES as [KeyScope, ...KeyScope[]]))
    .min(1)
    .optional(),
  limits: z
    .strictObject({
      rpm: positiveInt.optional(),
      concurrent: positiveInt.optional(),
      tpm: positiveInt.optional(),
      dailyCredits: z.number().positive().optional(),
      monthlyCredits: z.number().positive().optional(),
    })
    .optional(),
  expiresAt: z.number().int().positive().optional(),
});

async function readJson(rc: RequestContext): Promise<Record<string, unknown>> {
  return parseJsonObject(await readBody(rc.req, MAX_BODY));
}

function keysOf(rc: RequestContext) {
  const store = rc.ctx.security.keyStore;
  if (!store) throw new GatewayError('not_found', 'This gateway has no key store');
  return store;
}

export async function adminListKeys(rc: RequestContext): Promise<void> {
  rc.res.setHeader('cache-control', 'no-store');
  sendJson(rc.res, 200, { keys: await keysOf(rc).list() });
}

export async function adminCreateKey(rc: RequestContext): Promise<void> {
  const parsed = newKeySchema.safeParse(await readJson(rc));
  if (!parsed.success)
    throw GatewayError.invalid(
      `Invalid key: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  if (parsed.data.expiresAt !== undefined && parsed.data.expiresAt <= Date.now())
    throw GatewayError.invalid('expiresAt is in the past', { param: 'expiresAt' });
  const { key, secret } = await keysOf(rc)
    .create(parsed.data)
    .catch((err: Error) => {
      // A refused write (the database unreachable: 503) keeps its own status.
      if (err instanceof GatewayError) throw err;
      throw GatewayError.invalid(err.message, { param: 'name' });
    });
  rc.res.setHeader('cache-control', 'no-store');
  sendJson(rc.res, 201, { ...key, key: secret });
}

export async function adminRevokeKey(rc: RequestContext): Promise<void> {
  const body = await readJson(rc);
  if (typeof body.id !== 'string')
    throw GatewayError.invalid('Send {"id": "key_…"} as JSON', { param: 'id' });
  const key = await keysOf(rc).revoke(body.id);
  if (!key) throw new GatewayError('not_found', `No active key with the id "${body.id}"`);
  sendJson(rc.res, 200, key);
}
