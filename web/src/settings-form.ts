// The Settings page's model: which control each config.json setting gets (from its JSON Schema),
// what the user typed turned back into JSON, and the JSON merge patch (RFC 7396) of the changes.
import type { JsonSchema } from './api/types.js';

export type Control = 'boolean' | 'number' | 'integer' | 'enum' | 'string' | 'json';

function types(s: JsonSchema): string[] {
  if (s.anyOf) return s.anyOf.flatMap(types);
  if (Array.isArray(s.type)) return s.type;
  return s.type ? [s.type] : [];
}

export function controlOf(s: JsonSchema): Control {
  if (s.enum) return 'enum';
  const ts = types(s).filter((x) => x !== 'null');
  if (ts.length !== 1) return 'json';
  const [t] = ts;
  return t === 'boolean' || t === 'number' || t === 'integer' || t === 'string' ? t : 'json';
}

/** The typed text back to a JSON value; undefined = leave it out of config.json; Error = say why. */
export function parseInput(control: Control, text: string, s: JsonSchema): unknown {
  if (text.trim() === '') return undefined;
  switch (control) {
    case 'boolean':
      return text === 'true';
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n) || (control === 'integer' && !Number.isInteger(n)))
        return new Error(control === 'integer' ? 'integer' : 'number');
      if (s.minimum !== undefined && n < s.minimum) return new Error(`>= ${s.minimum}`);
      if (s.maximum !== undefined && n > s.maximum) return new Error(`<= ${s.maximum}`);
      return n;
    }
    case 'json':
      try {
        return JSON.parse(text);
      } catch (err) {
        return new Error((err as Error).message);
      }
    default:
      return text;
  }
}

export function textOf(control: Control, value: unknown): string {
  if (value === undefined) return '';
  return control === 'json' ? JSON.stringify(value, null, 2) : String(value);
}

/** `path` (top-level key, optional nested key) set to `value` in a merge patch; undefined → null. */
export function patchAt(
  patch: Record<string, unknown>,
  path: string[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path;
  if (rest.length === 0) return { ...patch, [head]: value === undefined ? null : value };
  const inner = (patch[head] && typeof patch[head] === 'object' ? patch[head] : {}) as Record<
    string,
    unknown
  >;
  return { ...patch, [head]: patchAt(inner, rest, value) };
}
