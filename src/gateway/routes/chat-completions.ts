// POST /v1/chat/completions: the Chat ingress adapter. Native passthrough for chat-capable
// models; otherwise translated through the IR to /v1/messages or /responses (the planner decides).
import { GatewayError } from '../../errors/gateway-error.js';
import { chatHasImages, chatInitiator } from '../../protocols/openai-chat/request-facts.js';
import { chatConversationKey } from '../../upstream/accounts/conversation-key.js';
import { setTopLevel } from '../passthrough/patch-json.js';
import type { IngressAdapter } from '../pipeline/adapter.js';
import { runInference } from '../pipeline/handler.js';
import { fixChatOutputLimit } from '../quirks/max-completion-tokens.js';
import { splitChoicesFix } from '../quirks/merge-choices.js';
import { StreamChoiceMerger } from '../quirks/merge-stream-choices.js';
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
  conversation: (body, rc) => chatConversationKey(body, rc.req.headers),
  passthrough({ raw, body, model, requestedModel }) {
    const payload = body.model === model.id ? raw : setTopLevel(raw, 'model', model.id);
    const n = typeof body.n === 'number' ? body.n : 1;
    // Only an answer with tool calls can come split; a stream without tools is copied untouched.
    const mergeStream = n <= 1 && body.stream === true && Array.isArray(body.tools) && body.tools.length > 0;
    return {
      payload: fixChatOutputLimit(payload, body, targetModelOf(model)),
      forward: {
        model: requestedModel,
        fixBody: n <= 1 ? splitChoicesFix : undefined,
        rewrite: mergeStream ? new StreamChoiceMerger() : undefined,
      },
    };
  },
  translate: () => ({ options: {} }),
};

export function chatCompletions(rc: RequestContext): Promise<void> {
  return runInference(rc, chatAdapter);
}
