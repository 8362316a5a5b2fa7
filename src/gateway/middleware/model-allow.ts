// A key's model allow-list, checked once the request's model is resolved to a Copilot id (so a
// dated or aliased name is judged by what it would actually spend). The pipeline calls this right
// after model resolution.
import { GatewayError } from '../../protocols/ir/errors.js';
import type { RequestContext } from '../request-context.js';

export function assertModelAllowed(rc: RequestContext, modelId: string): void {
  const key = rc.auth?.key;
  if (!key || key.allowsModel(modelId)) return;
  throw new GatewayError(
    'permission',
    `The API key "${key.name}" may not use the model "${modelId}"; it is limited to ${key.models.join(', ')}. Use one of those models, or a key created with a --models list that includes it.`,
    { code: 'model_not_allowed', param: 'model' },
  );
}

/** The models a key may use, for model lists (a key limited to gpt-* lists only those). */
export function visibleModels<T extends { id: string }>(rc: RequestContext, models: T[]): T[] {
  const key = rc.auth?.key;
  return key && key.models.length > 0 ? models.filter((m) => key.allowsModel(m.id)) : models;
}
