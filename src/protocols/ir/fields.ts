// The one vocabulary for reading fields of parsed wire JSON (bodies, stream frames, usage blocks)
// in every codec: the object guard (./json.ts) and these scalar readers, each named for what it
// gives back when the value is not what was hoped for. Decoders never throw on a stray type here:
// an upstream that omits or mistypes a field yields the fallback.
export { isJsonObject } from './json.js';

/** A string, else ''. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A string, else undefined. */
export const optStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The first non-empty string among `values`, else undefined. */
export function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && v) return v;
  return undefined;
}

/** A finite number, else undefined. */
export const finite = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** A finite number, else 0. */
export const num = (v: unknown): number => finite(v) ?? 0;

/** A count (a finite number ≥ 0, e.g. tokens), else undefined. */
export const count = (v: unknown): number | undefined => {
  const n = finite(v);
  return n !== undefined && n >= 0 ? n : undefined;
};

/** A whole count: a finite number rounded and floored at 0, else 0. */
export const wholeCount = (v: unknown): number => Math.max(0, Math.round(num(v)));

/** JSON's name for a value's type, for error messages ('null', 'array', 'object', 'string', …). */
export const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
