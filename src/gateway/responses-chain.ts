// previous_response_id support. Copilot runs the Responses API with store:false, so the
// gateway keeps its own answers (store/response-store.ts) and expands a chained request into
// the full conversation before it goes anywhere: stored input + stored output + new input.
// Replayed items lose their ids (with store:false, item ids cannot be referenced upstream);
// reasoning items that carry no encrypted content cannot be replayed and are left out.
import { GatewayError } from '../errors/gateway-error.js';
import { createSSEDecoder, type SSEDecoder } from '../protocols/sse/parse.js';
import type { ResponseStore } from '../store/response-store.js';

type Json = Record<string, unknown>;

export function inputItems(input: unknown): unknown[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string')
    return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  if (Array.isArray(input)) return input;
  throw GatewayError.invalid('"input" must be a string or an array of items', { param: 'input' });
}

function replayable(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const { id: _id, ...rest } = item as Json;
    if (rest.type === 'reasoning' && typeof rest.encrypted_content !== 'string') continue;
    out.push(rest);
  }
  return out;
}

/**
 * Expands `previous_response_id` in place. Returns the full input (for storing this turn), or
 * undefined when the request is not chained.
 */
export function expandPreviousResponse(
  body: Json,
  store: ResponseStore | undefined,
  ttlSec: number,
): unknown[] {
  const prevId = body.previous_response_id;
  const current = inputItems(body.input);
  if (prevId === undefined || prevId === null) return current;
  if (typeof prevId !== 'string')
    throw GatewayError.invalid('"previous_response_id" must be a string', { param: 'previous_response_id' });
  const prev = store?.get(prevId);
  if (!prev) {
    throw GatewayError.invalid(
      `Previous response with id '${prevId}' not found. The gateway keeps responses created with store (the default) for ${Math.round(ttlSec / 60)} minutes; send the full conversation in "input" instead.`,
      { param: 'previous_response_id', code: 'previous_response_not_found' },
    );
  }
  const full = [...prev.input, ...replayable(prev.output), ...current];
  body.input = full;
  delete body.previous_response_id;
  return full;
}

/**
 * Watches a Responses stream for its terminal event and hands over the final response. The
 * passthrough feeds it parsed frames; the translated path feeds it the text it writes.
 */
export function createCompletedResponseTap(onResponse: (response: Json) => void): {
  frame(event: string | undefined, data: string): void;
  chunk(text: string): void;
  end(): void;
} {
  let decoder: SSEDecoder | undefined;
  const frame = (event: string | undefined, data: string) => {
    if (event !== 'response.completed' && event !== 'response.incomplete') return;
    try {
      const parsed = JSON.parse(data) as Json;
      if (parsed.response && typeof parsed.response === 'object') onResponse(parsed.response as Json);
    } catch {
      // a malformed terminal frame is the client's problem to see, not ours to store
    }
  };
  return {
    frame,
    chunk(text) {
      decoder ??= createSSEDecoder();
      for (const m of decoder.push(text)) frame(m.event, m.data);
    },
    end() {
      if (decoder) for (const m of decoder.end()) frame(m.event, m.data);
    },
  };
}
