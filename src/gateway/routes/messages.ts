// POST /v1/messages (also ?beta=true): the Anthropic ingress adapter. Native passthrough to
// Copilot's /v1/messages when the model has it (and the history carries no other upstream's
// reasoning); otherwise translated through the IR to /responses or /chat/completions.

import { GatewayError } from '../../errors/gateway-error.js';
import {
  anthropicHasImages,
  anthropicInitiator,
  carriesForeignReasoning,
} from '../../protocols/anthropic/request-facts.js';
import { isWarmup } from '../../protocols/anthropic/warmup.js';
import { setTopLevel } from '../passthrough/patch-json.js';
import type { IngressAdapter } from '../pipeline/adapter.js';
import { runInference } from '../pipeline/handler.js';
import { reduceAnthropicBeta } from '../quirks/anthropic-beta.js';
import type { RequestContext } from '../request-context.js';

interface MessagesState {
  /** The anthropic-beta values Copilot accepts (undefined: none). */
  beta?: string;
}

export const messagesAdapter: IngressAdapter<MessagesState> = {
  protocol: 'anthropic',
  validate(body) {
    if (!Array.isArray(body.messages)) {
      throw GatewayError.invalid('messages: Field required (an array of {role, content})', {
        param: 'messages',
      });
    }
    if (typeof body.max_tokens !== 'number') {
      throw GatewayError.invalid('max_tokens: Field required (a positive integer)', { param: 'max_tokens' });
    }
  },
  prepare(_body, rc) {
    const beta = reduceAnthropicBeta(rc.req.headers['anthropic-beta']);
    if (beta.dropped.length && rc.ctx.log.verbose)
      rc.ctx.log.debug(`anthropic-beta not accepted by Copilot, dropped: ${beta.dropped.join(',')}`, {
        trace: rc.traceId,
      });
    return { beta: beta.kept };
  },
  requestedModel(body, rc) {
    const { smallModel } = rc.ctx.settings;
    if (!smallModel || !isWarmup(body)) return body.model;
    rc.ctx.log.debug(`warm-up probe for ${String(body.model)} sent to smallModel ${smallModel}`, {
      trace: rc.traceId,
    });
    return smallModel;
  },
  stream: (body) => body.stream === true,
  initiator: anthropicInitiator,
  hasImages: anthropicHasImages,
  facts: (raw) => ({ foreignReasoning: carriesForeignReasoning(raw) }),
  passthrough({ rc, raw, body, model, requestedModel, state }) {
    const headers: Record<string, string> = {};
    if (state.beta) headers['anthropic-beta'] = state.beta;
    const version = rc.req.headers['anthropic-version'];
    headers['anthropic-version'] = typeof version === 'string' ? version : '2023-06-01';
    return {
      payload: body.model === model.id ? raw : setTopLevel(raw, 'model', model.id),
      headers,
      forward: { model: requestedModel },
    };
  },
  translate({ plan, state }) {
    const headers = plan.egress === 'anthropic' && state.beta ? { 'anthropic-beta': state.beta } : undefined;
    return { headers, options: {} };
  },
};

export function messages(rc: RequestContext): Promise<void> {
  return runInference(rc, messagesAdapter);
}
