// previous_response_id support. Copilot runs the Responses API with store:false, so the
// gateway keeps its own answers (store/response-store.ts) and expands a chained request into
// the full conversation before it goes anywhere: stored input + stored output + new input.
// Replayed items lose their ids (with store:false, item ids cannot be referenced upstream);
// reasoning items that carry no encrypted content cannot be replayed and are left out.
import { GatewayError } from '../protocols/ir/errors.js';
import { createSSEDecoder } from '../protocols/sse/parse.js';
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

/** Watches Responses SSE bytes for the terminal event and hands over the final response. */
export function createCompletedResponseTap(onResponse: (response: Json) => void): {
  chunk(buf: Buffer | string): void;
  end(): void;
} {
  const decoder = createSSEDecoder();
  const read = (event: string | undefined, data: string) => {
    if (event !== 'response.completed' && event !== 'response.incomplete') return;
    try {
      const parsed = JSON.parse(data) as Json;
      if (parsed.response && typeof parsed.response === 'object') onResponse(parsed.response as Json);
    } catch {
      // a malformed terminal frame is the client's problem to see, not ours to store
    }
  };
  return {
    chunk(buf) {
      for (const m of decoder.push(buf)) read(m.event, m.data);
    },
    end() {
      for (const m of decoder.end()) read(m.event, m.data);
    },
  };
}
