// Facts about a raw Responses request body that the pipeline needs before (or without) decoding
// it. Pure functions. X-Initiator (copilot-upstream.md §8): the LAST input item decides.
import { hasImages } from '../ir/has-images.js';
import { isJsonObject as isObj } from '../ir/json.js';

type Json = Record<string, unknown>;

export function responsesInitiator(body: Json): 'user' | 'agent' {
  const input = body.input;
  if (typeof input === 'string' || !Array.isArray(input) || input.length === 0) return 'user';
  const last = input[input.length - 1];
  if (!isObj(last)) return 'user';
  if (last.role === 'user' || last.role === 'developer' || last.role === 'system') return 'user';
  return 'agent';
}

/** `raw` is undefined when the input was expanded from the store (the bytes no longer tell). */
export function responsesHasImages(raw: Buffer | undefined, body: Json): boolean {
  return hasImages(raw, body.input, (o) => o.type === 'input_image' || o.type === 'image_url');
}
