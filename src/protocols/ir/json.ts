// The one JSON-object guard every codec and route uses on parsed wire data.

export type JsonObject = Record<string, unknown>;

/** A plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
