// POST /v1/responses: the Responses ingress adapter. Native passthrough for responses-capable
// models (the body keeps what Copilot needs: store, include, encrypted reasoning); other models
// are translated through the IR to /v1/messages or /chat/completions. previous_response_id is
// expanded from our own store on every path, since Copilot itself keeps nothing.
import { GatewayError } from '../../errors/gateway-error.js';
import { responsesHasImages, responsesInitiator } from '../../protocols/openai-responses/request-facts.js';
import type { ResponseStore } from '../../store/response-store.js';
import { setTopLevel } from '../passthrough/patch-json.js';
import { ResponsesItemIdNormalizer } from '../passthrough/responses-item-ids.js';
import type { IngressAdapter, PlannedRequest } from '../pipeline/adapter.js';
import { runInference } from '../pipeline/handler.js';
import type { RequestContext } from '../request-context.js';
import { createCompletedResponseTap, expandPreviousResponse } from '../responses-chain.js';
import { screenHostedTools } from '../responses-hosted-tools.js';

type Json = Record<string, unknown>;

interface ResponsesState {
  /** The body was rebuilt (chained input, screened tools): it must be re-serialised. */
  rebuilt: boolean;
  /** The whole conversation of this turn, for storing it. */
  fullInput: unknown[];
  /** Our own store, unless the client asked for store:false (Codex does; it resends history). */
  store?: ResponseStore;
}

/** Keeps a finished answer for previous_response_id. */
function remember({ state, model }: PlannedRequest<ResponsesState>): ((response: Json) => void) | undefined {
  const { store, fullInput } = state;
  if (!store) return undefined;
  return (response) => {
    if (typeof response.id !== 'string' || !Array.isArray(response.output)) return;
    store.put({ id: response.id, model: model.id, input: fullInput, output: response.output });
  };
}

export const responsesAdapter: IngressAdapter<ResponsesState> = {
  protocol: 'openai-responses',
  validate(body) {
    if (body.input === undefined && body.previous_response_id === undefined) {
      throw GatewayError.invalid('"input" is required (a string or an array of input items)', {
        param: 'input',
      });
    }
    if (body.background === true) {
      throw GatewayError.invalid(
        'Background responses are not supported by the gateway; send background:false',
        { param: 'background' },
      );
    }
  },
  prepare(body, rc) {
    const { ctx } = rc;
    // Built-in tools Copilot cannot run: dropped with a warning or a 400, per tool type, before
    // planning, so every egress path answers alike (see responses-hosted-tools.ts).
    const screened = screenHostedTools(body);
    // Once per tool and model: a session repeats its tool list on every turn.
    for (const w of screened.warnings)
      ctx.warnings.warn(`responses:${String(body.model)}:${w}`, `/v1/responses: ${w}`, { trace: rc.traceId });
    const chained = body.previous_response_id !== undefined && body.previous_response_id !== null;
    const fullInput = expandPreviousResponse(body, ctx.responses, ctx.settings.responseStore.ttlSec);
    const store = body.store !== false && ctx.responses ? ctx.responses : undefined;
    return { rebuilt: chained || screened.changed, fullInput, store };
  },
  requestedModel: (body) => body.model,
  stream: (body) => body.stream === true,
  initiator: responsesInitiator,
  // The input may have been expanded from the store: the raw bytes no longer tell.
  hasImages: (_raw, body) => responsesHasImages(undefined, body),
  facts: () => ({}),
  passthrough(req) {
    const { raw, body, model, state, requestedModel } = req;
    // Copilot keeps nothing: always store:false upstream; our store provides the chaining.
    // A rebuilt body must be re-serialised; otherwise the client's bytes go as they came, with
    // two targeted patches (model, store).
    let payload: Buffer | string;
    if (state.rebuilt) {
      body.model = model.id;
      body.store = false;
      payload = JSON.stringify(body);
    } else {
      payload = body.model === model.id ? raw : setTopLevel(raw, 'model', model.id);
      if (body.store !== false) payload = setTopLevel(payload, 'store', false);
    }
    const keep = remember(req);
    const tap = keep ? createCompletedResponseTap(keep) : undefined;
    const normalizer = body.stream === true ? new ResponsesItemIdNormalizer(requestedModel) : undefined;
    return {
      payload,
      forward: {
        model: requestedModel,
        observe: tap && keep && { frame: tap.frame, json: keep },
        // Item ids stay as first announced, even where Copilot changes them at .done; heartbeats
        // and failures continue the upstream's own stream.
        rewrite: normalizer,
        frames: normalizer,
      },
    };
  },
  translate(req, ir) {
    const keep = remember(req);
    const tap = keep && ir.stream ? createCompletedResponseTap(keep) : undefined;
    return {
      options: {
        observeOutput: tap,
        onComplete: ({ encoded }) => {
          if (keep && encoded && typeof encoded === 'object') keep(encoded as Json);
        },
      },
    };
  },
};

export function responses(rc: RequestContext): Promise<void> {
  return runInference(rc, responsesAdapter);
}
