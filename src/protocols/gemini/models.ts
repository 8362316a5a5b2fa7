// Route helpers: the model and method in a Gemini path, and Copilot models in `models.get` shape.
import type { CopilotModel } from '../../upstream/types.js';
import type { GeminiModel } from './wire-types.js';

export const GEMINI_METHODS = ['generateContent', 'streamGenerateContent', 'countTokens'] as const;

/**
 * Splits `models/gemini-2.5-pro:streamGenerateContent` (or a full `/v1beta/models/…` path) into
 * the bare model id and the method (undefined for `models.get`).
 */
export function geminiModelFromPath(path: string): { model: string; method?: string } {
  let rest = path.split('?')[0];
  const idx = rest.lastIndexOf('/models/');
  if (idx >= 0) rest = rest.slice(idx + '/models/'.length);
  rest = rest.replace(/^\/+/, '').replace(/^models\//, '');
  const colon = rest.indexOf(':');
  const model = decodeURIComponent(colon >= 0 ? rest.slice(0, colon) : rest);
  const method = colon >= 0 ? rest.slice(colon + 1) : undefined;
  return method ? { model, method } : { model };
}

export function toGeminiModel(model: CopilotModel): GeminiModel {
  const supports = model.supports;
  const thinking =
    typeof supports.max_thinking_budget === 'number' ||
    supports.adaptive_thinking === true ||
    Array.isArray(supports.reasoning_effort);
  const out: GeminiModel = {
    name: `models/${model.id}`,
    baseModelId: model.id,
    version: typeof model.raw.version === 'string' ? model.raw.version : model.id,
    displayName: model.name,
    description: `${model.name} (${model.vendor}) via GitHub Copilot`,
    supportedGenerationMethods: [...GEMINI_METHODS],
    thinking,
  };
  const input = model.limits.maxPromptTokens ?? model.limits.maxContextWindowTokens;
  if (input !== undefined) out.inputTokenLimit = input;
  if (model.limits.maxOutputTokens !== undefined) out.outputTokenLimit = model.limits.maxOutputTokens;
  return out;
}
