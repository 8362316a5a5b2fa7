// Whether a request carries images (Copilot needs `Copilot-Vision-Request: true` then). The raw
// body is scanned for the word "image" first, so text-only requests never pay for the walk.

type Json = Record<string, unknown>;

function walk(value: unknown, isImage: (o: Json) => boolean, depth = 0): boolean {
  if (depth > 8 || !value || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => walk(v, isImage, depth + 1));
  const o = value as Json;
  if (isImage(o)) return true;
  for (const key of ['content', 'parts', 'output', 'input']) {
    if (Array.isArray(o[key]) && walk(o[key], isImage, depth + 1)) return true;
  }
  return false;
}

const IMAGE_TYPES = new Set(['image_url', 'image', 'input_image']);

export function bodyHasImages(raw: Buffer | undefined, body: Json): boolean {
  if (raw && raw.indexOf('image') === -1) return false;
  const list = body.messages ?? body.input ?? body.contents;
  return walk(
    list,
    (o) =>
      (typeof o.type === 'string' && IMAGE_TYPES.has(o.type)) ||
      (!!o.inlineData && String((o.inlineData as Json).mimeType ?? '').startsWith('image/')),
  );
}
