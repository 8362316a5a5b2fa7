// POST /v1/chat/completions: the Chat ingress adapter. Native passthrough for chat-capable
// models; otherwise translated through the IR to /v1/messages or /responses (the planner decides).
import { GatewayError } from '../../errors/gateway-error.js';
import { chatHasImages, chatInitiator } from '../../protocols/openai-chat/request-facts.js';
import { setTopLevel } from '../passthrough/patch-json.js';
import type { IngressAdapter } from '../pipeline/adapter.js';
import { runInference } from '../pipeline/handler.js';
import { fixChatOutputLimit } from '../quirks/max-completion-tokens.js';
import { splitChoicesFix } from '../quirks/merge-choices.js';
import type { RequestContext } from '../request-context.js';
import { targetModelOf } from '../target-model.js';

export const chatAdapter: IngressAdapter = {
  protocol: 'openai-chat',
  validate(body) {
    if (!Array.isArray(body.messages)) {
      throw GatewayError.invalid('"messages" must be an array of chat messages', { param: 'messages' });
    }
  },
  prepare: () => undefined,
  requestedModel: (body) => body.model,
  stream: (body) => body.stream === true,
  initiator: chatInitiator,
  hasImages: chatHasImages,
  facts: () => ({}),
  passthrough({ raw, body, model, requestedModel }) {
    const payload = body.model === model.id ? raw : setTopLevel(raw, 'model', model.id);
    const n = typeof body.n === 'number' ? body.n : 1;
    return {
      payload: fixChatOutputLimit(payload, body, targetModelOf(model)),
      forward: { model: requestedModel, fixBody: n <= 1 ? splitChoicesFix : undefined },
    };
  },
  translate: () => ({ options: {} }),
};

export function chatCompletions(rc: RequestContext): Promise<void> {
  return runInference(rc, chatAdapter);
}
