// PATCH /admin/api/keys/{id}: change an active key's allowed models, scopes, limits, name or expiry
// (what the keys page edits after creation). The request path sees the change on its next request.
import { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error.js';
import { adminRoute } from '../api/define.js';
import { newKeySchema } from './routes.js';

const fields = newKeySchema.shape;

export const keyPatchSchema = z
  .strictObject({
    name: fields.name.optional(),
    models: fields.models,
    scopes: fields.scopes,
    limits: fields.limits.describe('replaces every limit; {} removes them'),
    expiresAt: z.number().int().positive().nullable().optional().describe('epoch ms; null: never expires'),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'send at least one field to change' });

export function keyUpdateRoute(apiKey: z.ZodType) {
  return adminRoute({
    method: 'PATCH',
    path: '/admin/api/keys/{id}',
    access: 'admin-write',
    summary: "Change an active key's allowed models, scopes, limits, name or expiry",
    body: keyPatchSchema,
    response: apiKey,
    handle: async (rc, { params, body }) => {
      const store = rc.ctx.security.keyStore;
      if (!store) throw new GatewayError('not_found', 'This gateway has no key store');
      if (typeof body.expiresAt === 'number' && body.expiresAt <= Date.now())
        throw GatewayError.invalid('expiresAt is in the past', { param: 'expiresAt' });
      const key = await store.update(params.id, body).catch((err: Error) => {
        throw new GatewayError('invalid_request', err.message, {
          status: 409,
          param: 'name',
          code: 'name_taken',
        });
      });
      if (!key)
        throw new GatewayError(
          'not_found',
          `No active key with the id "${params.id}"; GET /admin/api/keys lists them`,
          {
            code: 'key_not_found',
          },
        );
      return { body: key };
    },
  });
}
