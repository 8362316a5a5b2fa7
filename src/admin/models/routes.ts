// /admin/api/models: each account's catalogue with vendor, endpoints, limits and price, and the
// Copilot endpoint each ingress protocol would take for the model (the pipeline's own planner,
// planEgress); the model mappings and the smallModel choice, written to config.json and applied
// at once through the settings route's changeSettings.
import { z } from 'zod';
import { GatewayError, isGatewayError } from '../../errors/gateway-error.js';
import { planEgress } from '../../gateway/pipeline/plan.js';
import type { ProtocolId } from '../../protocols/ir/types.js';
import type { CopilotModel } from '../../upstream/types.js';
import { modelPriceSchema } from '../../usage/price-schema.js';
import { adminRoute } from '../api/define.js';
import { changeSettings } from '../settings/routes.js';

const INGRESS: ProtocolId[] = ['openai-chat', 'openai-responses', 'anthropic', 'gemini'];

const route = z.union([
  z.object({ endpoint: z.string(), passthrough: z.boolean() }),
  z.object({ error: z.string().describe('why this protocol cannot use the model') }),
]);

const modelView = z.object({
  id: z.string(),
  name: z.string(),
  vendor: z.string(),
  type: z.string(),
  preview: z.boolean(),
  supportedEndpoints: z.array(z.string()),
  limits: z.object({
    maxContextWindowTokens: z.number().optional(),
    maxPromptTokens: z.number().optional(),
    maxOutputTokens: z.number().optional(),
    maxNonStreamingOutputTokens: z.number().optional(),
  }),
  billing: z.object({ premium: z.boolean().optional(), multiplier: z.number().optional() }).optional(),
  price: modelPriceSchema.nullable().describe('USD per 1M tokens; null: no price'),
  routes: z.record(z.string(), route).describe('per ingress protocol'),
});

const modelId = z.string().trim().min(1).max(200);

function routesOf(model: CopilotModel): Record<string, z.infer<typeof route>> {
  const out: Record<string, z.infer<typeof route>> = {};
  for (const ingress of INGRESS) {
    try {
      const plan = planEgress(ingress, model);
      out[ingress] = { endpoint: plan.endpoint, passthrough: plan.passthrough };
    } catch (err) {
      if (!isGatewayError(err)) throw err;
      out[ingress] = { error: err.message };
    }
  }
  return out;
}

export const modelRoutes = [
  adminRoute({
    method: 'GET',
    path: '/admin/api/models',
    access: 'admin-read',
    summary:
      "Each enabled account's models with endpoints, limits, price and each protocol's route; mappings; smallModel",
    response: z.object({
      accounts: z.array(
        z.object({
          accountId: z.string(),
          label: z.string(),
          error: z.string().optional().describe('the catalogue could not be read'),
          models: z.array(modelView),
        }),
      ),
      mappings: z.record(z.string(), z.string()),
      smallModel: z.string().nullable(),
    }),
    handle: async (rc) => {
      const { ctx } = rc;
      const members = (await ctx.pool.members()).filter((m) => m.enabled && m.catalogue);
      const accounts = await Promise.all(
        members.map(async (m) => {
          try {
            const models = await m.catalogue?.list(rc.traceId);
            return {
              accountId: m.id,
              label: m.account.label,
              models: (models ?? []).map((model) => ({
                id: model.id,
                name: model.name,
                vendor: model.vendor,
                type: model.type,
                preview: model.preview === true,
                supportedEndpoints: model.supportedEndpoints,
                limits: {
                  maxContextWindowTokens: model.limits.maxContextWindowTokens,
                  maxPromptTokens: model.limits.maxPromptTokens,
                  maxOutputTokens: model.limits.maxOutputTokens,
                  maxNonStreamingOutputTokens: model.limits.maxNonStreamingOutputTokens,
                },
                billing: model.billing
                  ? { premium: model.billing.is_premium, multiplier: model.billing.multiplier }
                  : undefined,
                price: ctx.usage.prices.find(model.id) ?? null,
                routes: routesOf(model),
              })),
            };
          } catch (err) {
            return { accountId: m.id, label: m.account.label, error: (err as Error).message, models: [] };
          }
        }),
      );
      return {
        body: { accounts, mappings: ctx.settings.modelMapping, smallModel: ctx.settings.smallModel ?? null },
      };
    },
  }),
  adminRoute({
    method: 'PUT',
    path: '/admin/api/models/mappings',
    access: 'admin-write',
    summary: 'Replace the model mappings (client name → Copilot id); applies at once',
    body: z.strictObject({ mappings: z.record(modelId, modelId) }),
    response: z.object({ mappings: z.record(z.string(), z.string()) }),
    handle: async (rc, { body }) => {
      const empty = Object.keys(body.mappings).length === 0;
      changeSettings(rc.ctx, () => [{ path: ['modelMapping'], value: empty ? undefined : body.mappings }]);
      return { body: { mappings: rc.ctx.settings.modelMapping } };
    },
  }),
  adminRoute({
    method: 'PUT',
    path: '/admin/api/models/small-model',
    access: 'admin-write',
    summary: "Choose where Claude Code's warm-up probes go (null: nowhere special)",
    body: z.strictObject({ smallModel: modelId.nullable() }),
    response: z.object({ smallModel: z.string().nullable() }),
    handle: async (rc, { body }) => {
      if (body.smallModel !== null && !(await rc.ctx.models.find(body.smallModel, rc.traceId)))
        throw GatewayError.invalid(
          `smallModel: no account lists a model "${body.smallModel}"; GET /admin/api/models shows them`,
          {
            param: 'smallModel',
          },
        );
      changeSettings(rc.ctx, () => [{ path: ['smallModel'], value: body.smallModel ?? undefined }]);
      return { body: { smallModel: rc.ctx.settings.smallModel ?? null } };
    },
  }),
];
