// Facts about a raw Gemini request body that the pipeline needs before (or without) decoding it.
// Pure functions. X-Initiator (copilot-upstream.md §8): the LAST content decides; a user turn made
// only of function responses is an agent turn.
import { hasImages } from '../ir/has-images.js';
import { isJsonObject as isObj } from '../ir/json.js';

type Json = Record<string, unknown>;

export function geminiInitiator(body: Json): 'user' | 'agent' {
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) return 'user';
  const last = contents[contents.length - 1];
  if (!isObj(last)) return 'user';
  if (last.role === 'model') return 'agent';
  const parts = last.parts;
  if (
    Array.isArray(parts) &&
    parts.length > 0 &&
    parts.every((p) => isObj(p) && (p.functionResponse || p.function_response))
  )
    return 'agent';
  return 'user';
}

export function geminiHasImages(raw: Buffer | undefined, body: Json): boolean {
  return hasImages(
    raw,
    body.contents,
    (o) => !!o.inlineData && String((o.inlineData as Json).mimeType ?? '').startsWith('image/'),
  );
}
