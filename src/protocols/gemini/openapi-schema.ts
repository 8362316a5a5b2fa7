// Gemini `parameters` / `responseSchema` use an OpenAPI 3.0 subset (`type: "OBJECT"`,
// `nullable: true`, `example`). The IR carries plain JSON Schema, so decoding converts:
// lowercase types, `nullable` → a `null` member in the type union (or anyOf), `example` →
// `examples`. Gemini-only ordering hints (`propertyOrdering`) have no JSON Schema meaning.
import { isJsonObject as isObject } from '../ir/json.js';

type Schema = Record<string, unknown>;

export function openApiToJsonSchema(schema: unknown): Schema {
  if (!isObject(schema)) return {};
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case 'type':
        if (typeof value === 'string' && value !== 'TYPE_UNSPECIFIED') out.type = value.toLowerCase();
        else if (Array.isArray(value)) out.type = value.map((t) => String(t).toLowerCase());
        break;
      case 'nullable':
      case 'propertyOrdering':
      case 'property_ordering':
        break;
      case 'example':
        out.examples = [value];
        break;
      case 'properties':
        if (isObject(value)) {
          out.properties = Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, openApiToJsonSchema(v)]),
          );
        }
        break;
      case 'items':
        out.items = openApiToJsonSchema(value);
        break;
      case 'anyOf':
      case 'any_of':
        if (Array.isArray(value)) out.anyOf = value.map(openApiToJsonSchema);
        break;
      default:
        // snake_case spellings of the numeric limits (max_items…) become JSON Schema's camelCase.
        out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type)) {
      if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    } else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
  }
  return out;
}
