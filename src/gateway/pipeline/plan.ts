// Egress planning: a pure function of (ingress protocol, model capabilities, request facts) → the
// Copilot endpoint to call, and whether the raw body can pass through. No model-name special
// cases: only the model's `supported_endpoints` decide the endpoint, and only the request facts
// below can turn a same-protocol request into a translated one. Routes never override it.
import { GatewayError } from '../../errors/gateway-error.js';
import type { ProtocolId } from '../../protocols/ir/types.js';
import type { CopilotEndpoint, CopilotModel } from '../../upstream/types.js';

/** What the planner needs to know about the request itself (read by the ingress adapter). */
export interface RequestFacts {
  /**
   * The history carries reasoning state minted by another upstream (a session that switched
   * models): the native endpoint would reject it as an invalid signature, the IR drops it.
   */
  foreignReasoning?: boolean;
}

export interface EgressPlan {
  endpoint: CopilotEndpoint;
  egress: ProtocolId;
  /** Same protocol in and out: forward the raw body with targeted patches. */
  passthrough: boolean;
}

const ENDPOINT_OF: Record<string, { endpoint: CopilotEndpoint; egress: ProtocolId }> = {
  '/chat/completions': { endpoint: '/chat/completions', egress: 'openai-chat' },
  '/responses': { endpoint: '/responses', egress: 'openai-responses' },
  '/v1/messages': { endpoint: '/v1/messages', egress: 'anthropic' },
};

/** Preference order per ingress: the native endpoint first, then the closest translation. */
const PREFERENCE: Record<ProtocolId, string[]> = {
  'openai-chat': ['/chat/completions', '/v1/messages', '/responses'],
  anthropic: ['/v1/messages', '/responses', '/chat/completions'],
  'openai-responses': ['/responses', '/v1/messages', '/chat/completions'],
  gemini: ['/chat/completions', '/v1/messages', '/responses'],
};

/** `endpoints`: where the model may go (default its `supportedEndpoints`; see learnedEndpoints). */
export function planEgress(
  ingress: ProtocolId,
  model: CopilotModel,
  facts: RequestFacts = {},
  endpoints: readonly string[] = model.supportedEndpoints,
): EgressPlan {
  if (model.type === 'embeddings') {
    throw GatewayError.invalid(
      `Model "${model.id}" is an embeddings model; call POST /v1/embeddings with it instead`,
      { param: 'model', code: 'unsupported_api_for_model' },
    );
  }
  for (const candidate of PREFERENCE[ingress]) {
    if (!endpoints.includes(candidate)) continue;
    const target = ENDPOINT_OF[candidate];
    return planOf(target, ingress, facts);
  }
  throw GatewayError.invalid(
    `Model "${model.id}" cannot be used for chat: Copilot offers it only through ${endpoints.join(', ') || 'no endpoint'}, and the gateway can reach /chat/completions, /responses and /v1/messages.`,
    { param: 'model', code: 'unsupported_api_for_model' },
  );
}

/**
 * Where to go next when Copilot refused the planned endpoint for a model listed without endpoint
 * metadata (`legacyEndpoints`): the other endpoints the gateway can reach, Messages first for an
 * Anthropic model and Responses first otherwise (the vendor is the metadata such entries keep).
 * Undefined when the model has metadata: then the refusal is Copilot's answer.
 */
export function planAlternative(
  ingress: ProtocolId,
  model: CopilotModel,
  refused: CopilotEndpoint,
  facts: RequestFacts = {},
): EgressPlan | undefined {
  if (!model.legacyEndpoints || model.type === 'embeddings') return undefined;
  const order =
    model.vendor === 'Anthropic'
      ? ['/v1/messages', '/responses', '/chat/completions']
      : ['/responses', '/v1/messages', '/chat/completions'];
  const next = order.find((e) => e !== refused);
  if (!next) return undefined;
  const target = ENDPOINT_OF[next];
  return planOf(target, ingress, facts);
}

function planOf(
  target: { endpoint: CopilotEndpoint; egress: ProtocolId },
  ingress: ProtocolId,
  facts: RequestFacts,
): EgressPlan {
  const passthrough = target.egress === ingress && !facts.foreignReasoning;
  return { endpoint: target.endpoint, egress: target.egress, passthrough };
}

/** Where a model without endpoint metadata may go once a route was learned for it. */
export function learnedEndpoints(
  model: CopilotModel,
  learned: CopilotEndpoint | undefined,
): readonly string[] {
  return learned && model.legacyEndpoints ? [learned] : model.supportedEndpoints;
}
