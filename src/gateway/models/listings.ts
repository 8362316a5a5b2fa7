// The model listings: Copilot's catalogue entries in each client protocol's listing shape
// (OpenAI's /v1/models, Gemini's models.list / models.get). They read the upstream's model type,
// so they live here, beside model resolution, not in the (pure) codecs.
import { GEMINI_METHODS } from '../../protocols/gemini/models.js';
import type { GeminiModel } from '../../protocols/gemini/wire-types.js';
import type { CopilotModel } from '../../upstream/types.js';

export function toOpenAIModel(m: CopilotModel): Record<string, unknown> {
  return {
    id: m.id,
    object: 'model',
    created: 0,
    owned_by: m.vendor,
    name: m.name,
    vendor: m.vendor,
    version: m.raw.version,
    preview: m.preview,
    supported_endpoints: m.supportedEndpoints,
    capabilities: m.raw.capabilities,
    billing: m.billing,
  };
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
