// Client model name → Copilot model. Order: the user's modelMapping, the exact id, protocol
// rules (Claude ids; see ./claude-aliases.ts), else a 400 that lists close matches and says how
// to list the models.
import { GatewayError } from '../../errors/gateway-error.js';
import type { GatewayContext } from '../context.js';
import { closeMatches } from './close-matches.js';
import type { AliasRule, ResolvedModel } from './types.js';

export type { AliasRule, ResolvedModel } from './types.js';

export async function resolveModel(
  ctx: GatewayContext,
  requested: unknown,
  traceId: string,
  rules: AliasRule[] = [],
): Promise<ResolvedModel> {
  if (typeof requested !== 'string' || requested.trim() === '') {
    throw GatewayError.invalid('The request has no "model"; list the available models with GET /v1/models', {
      param: 'model',
    });
  }
  const models = await ctx.models.list(traceId);
  const name = requested.startsWith('models/') ? requested.slice(7) : requested;
  const mapped = ctx.settings.modelMapping[name];
  if (mapped) {
    const m = models.find((x) => x.id === mapped);
    if (m) return { model: m, via: 'mapping' };
    throw GatewayError.invalid(
      `modelMapping sends "${name}" to "${mapped}", which this Copilot account does not offer. Fix config.json; GET /v1/models lists the available ids.`,
      { param: 'model', code: 'model_not_supported' },
    );
  }
  const exact = models.find((x) => x.id === name);
  if (exact) return { model: exact, via: 'exact' };
  for (const rule of rules) {
    const hit = rule(name, models);
    if (!hit) continue;
    const m = models.find((x) => x.id === hit.id);
    if (!m) continue;
    if (hit.warn)
      ctx.warnings.warn(
        `alias:${name}`,
        `model "${name}" is not offered by Copilot; using "${m.id}" instead${hit.note ? ` (${hit.note})` : ''}`,
        { trace: traceId },
      );
    return { model: m, via: hit.via };
  }
  const suggestions = closeMatches(
    name,
    models.map((m) => m.id),
  );
  const hint = suggestions.length ? ` Close matches: ${suggestions.join(', ')}.` : '';
  throw GatewayError.invalid(
    `The model "${name}" is not available on this Copilot account.${hint} List the available models with GET /v1/models, or map the name in config.json "modelMapping".`,
    { param: 'model', code: 'model_not_supported' },
  );
}
