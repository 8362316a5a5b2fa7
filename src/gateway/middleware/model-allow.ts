// A key's model allow-list, checked once the request's model is resolved to a Copilot id (so a
// dated or aliased name is judged by what it would actually spend). The pipeline runs it as its
// modelResolved hook (compose.ts); the routes outside the pipeline (embeddings, Gemini model get)
// call it after their own resolution.
import { GatewayError } from '../../errors/gateway-error.js';
import type { IndexedKey } from '../../store/keys.js';

/** What the check reads of a request: the key the guard authenticated (rc.auth). */
interface Authed {
  auth?: { key?: IndexedKey };
}

export function assertModelAllowed(rc: Authed, modelId: string): void {
  const key = rc.auth?.key;
  if (!key || key.allowsModel(modelId)) return;
  throw new GatewayError(
    'permission',
    `The API key "${key.name}" may not use the model "${modelId}"; it is limited to ${key.models.join(', ')}. Use one of those models, or a key created with a --models list that includes it.`,
    { code: 'model_not_allowed', param: 'model' },
  );
}

/** The models a key may use, for model lists (a key limited to gpt-* lists only those). */
export function visibleModels<T extends { id: string }>(rc: Authed, models: T[]): T[] {
  const key = rc.auth?.key;
  return key && key.models.length > 0 ? models.filter((m) => key.allowsModel(m.id)) : models;
}
