// Route helpers: the model and method in a Gemini path. (Copilot models in Gemini's `models.get`
// shape are a model listing: src/gateway/models/listings.ts.)

export const GEMINI_METHODS = ['generateContent', 'streamGenerateContent', 'countTokens'] as const;

/**
 * Splits `models/gemini-2.5-pro:streamGenerateContent` (or a full `/v1beta/models/…` path) into
 * the bare model id and the method (undefined for `models.get`).
 */
export function geminiModelFromPath(path: string): { model: string; method?: string } {
  let rest = path.split('?')[0];
  const idx = rest.lastIndexOf('/models/');
  if (idx >= 0) rest = rest.slice(idx + '/models/'.length);
  rest = rest.replace(/^\/+/, '').replace(/^models\//, '');
  const colon = rest.indexOf(':');
  const model = decodeURIComponent(colon >= 0 ? rest.slice(0, colon) : rest);
  const method = colon >= 0 ? rest.slice(colon + 1) : undefined;
  return method ? { model, method } : { model };
}
