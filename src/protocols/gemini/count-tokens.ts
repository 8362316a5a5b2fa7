// countTokens bodies: `{contents, systemInstruction?, tools?, …}` (what @google/genai sends) or
// `{generateContentRequest: {model, contents, …}}` (the REST form). Both decode to an IR request
// the token counter can walk; pairing checks are relaxed because a history may be cut anywhere.
import type { IRRequest } from '../ir/types.js';
import { decodeGeminiRequest } from './decode-request.js';
import { field, invalid, isObject } from './normalize.js';

export function decodeCountTokensRequest(body: unknown): IRRequest {
  if (!isObject(body)) throw invalid('The countTokens body must be a JSON object', 'body');
  const inner = field(body, 'generateContentRequest');
  const request = inner === undefined ? body : inner;
  if (!isObject(request)) throw invalid('generateContentRequest must be an object', 'generateContentRequest');
  // Warnings about settings are irrelevant to counting; a private context keeps this pure.
  const ctx = { now: 0, newId: (prefix: string) => prefix, warnings: [] };
  return decodeGeminiRequest(request, ctx, { lenient: true });
}
