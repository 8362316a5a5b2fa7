// Whether a raw request body carries images, for Copilot's `Copilot-Vision-Request: true`. One walk
// for every protocol (each says what an image part looks like); the raw bytes are scanned for
// "image" first, so text-only requests never pay for the walk.

type Json = Record<string, unknown>;

const CHILD_KEYS = ['content', 'parts', 'output', 'input'];

function walk(value: unknown, isImage: (o: Json) => boolean, depth = 0): boolean {
  if (depth > 8 || !value || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => walk(v, isImage, depth + 1));
  const o = value as Json;
  if (isImage(o)) return true;
  for (const key of CHILD_KEYS) {
    if (Array.isArray(o[key]) && walk(o[key], isImage, depth + 1)) return true;
  }
  return false;
}

/** `list` is the protocol's message list; `isImage` recognises one image part. */
export function hasImages(raw: Buffer | undefined, list: unknown, isImage: (part: Json) => boolean): boolean {
  if (raw && raw.indexOf('image') === -1) return false;
  return walk(list, isImage);
}
