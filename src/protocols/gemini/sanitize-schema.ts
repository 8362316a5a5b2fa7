// JSON Schema → Gemini `parameters` (OpenAPI 3.0 subset). Gemini rejects anything outside its
// Schema whitelist with 400 "Invalid JSON payload received. Unknown name …" ($schema,
// additionalProperties, const, propertyNames, exclusiveMinimum, $ref/$defs, type arrays: see
// client-protocols.md pitfall 10). Encoders prefer `parametersJsonSchema`, which takes JSON
// Schema as is; this sanitiser is for targets that only accept `parameters`.

import { extend } from '../../util/extend.js';
import { isJsonObject as isObject } from '../ir/json.js';

type Schema = Record<string, unknown>;

/** Keys Gemini's Schema message accepts (js-genai `Schema`), besides the ones rebuilt below. */
const COPIED_KEYS = new Set([
  'title',
  'description',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'minimum',
  'maximum',
  'pattern',
  'default',
  'example',
  'propertyOrdering',
]);

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

/** Formats Gemini accepts per type; anything else is dropped (it rejects unknown formats). */
const FORMATS: Record<string, Set<string>> = {
  STRING: new Set(['enum', 'date-time']),
  NUMBER: new Set(['float', 'double']),
  INTEGER: new Set(['int32', 'int64']),
};

/** Recursive $refs are cut at this depth (Gemini has no references, so they must be inlined). */
const MAX_REF_DEPTH = 8;

/**
 * Returns the Gemini `parameters` form of `schema`, or undefined when nothing is left
 * (an object root without properties is omitted, as Gemini requires).
 */
export function sanitizeSchemaForGemini(schema: unknown): Schema | undefined {
  if (!isObject(schema)) return undefined;
  const defs = extend(
    isObject(schema.definitions) ? schema.definitions : {},
    isObject(schema.$defs) ? schema.$defs : {},
  );
  const out = convert(schema, defs, 0);
  if (out.type === 'OBJECT' && (!isObject(out.properties) || Object.keys(out.properties).length === 0))
    return undefined;
  if (Object.keys(out).length === 0) return undefined;
  return out;
}

function resolveRef(ref: string, defs: Schema): Schema | undefined {
  const m = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  if (!m) return undefined;
  const name = m[1].replace(/~1/g, '/').replace(/~0/g, '~');
  const target = defs[name];
  return isObject(target) ? target : undefined;
}

function convert(input: Schema, defs: Schema, depth: number): Schema {
  let schema = input;
  if (typeof schema.$ref === 'string') {
    const target = depth < MAX_REF_DEPTH ? resolveRef(schema.$ref, defs) : undefined;
    // Keys beside $ref (description…) win over the referenced schema's.
    const { $ref: _ref, ...rest } = schema;
    schema = target ? extend(target, rest) : { type: 'object', ...rest };
    depth += 1;
  }
  if (Array.isArray(schema.allOf)) {
    schema = mergeAllOf(schema, defs, depth);
  }

  const out: Schema = {};
  let nullable = schema.nullable === true;

  // Type: arrays become one type (+nullable) or anyOf.
  let types: string[] = [];
  if (typeof schema.type === 'string') types = [schema.type.toLowerCase()];
  else if (Array.isArray(schema.type)) types = schema.type.map((t) => String(t).toLowerCase());
  types = types.filter((t) => TYPES.has(t));
  if (types.includes('null')) {
    nullable = true;
    types = types.filter((t) => t !== 'null');
  }

  // const and enum: Gemini enums are strings only.
  let enumValues: unknown[] | undefined;
  if ('const' in schema) enumValues = [schema.const];
  else if (Array.isArray(schema.enum)) enumValues = schema.enum;
  if (enumValues) {
    if (enumValues.includes(null)) nullable = true;
    out.enum = enumValues
      .filter((v) => v !== null)
      .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    types = ['string'];
    out.format = 'enum';
  }

  // anyOf / oneOf: null members become nullable; one remaining member is inlined.
  const alternatives = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : undefined;
  let anyOf: Schema[] | undefined;
  if (alternatives) {
    const members = alternatives.filter(isObject);
    const nonNull = members.filter(
      (m) => !(m.type === 'null' || (Array.isArray(m.type) && m.type.length === 1 && m.type[0] === 'null')),
    );
    if (nonNull.length < members.length) nullable = true;
    if (nonNull.length === 1 && types.length === 0) {
      const inner = convert(nonNull[0], defs, depth);
      Object.assign(out, inner);
      if (inner.nullable) nullable = true;
    } else if (nonNull.length > 0) {
      anyOf = nonNull.map((m) => convert(m, defs, depth));
    }
  }

  if (types.length === 1) out.type = types[0].toUpperCase();
  else if (types.length > 1 && !anyOf)
    anyOf = types.map((t) =>
      convert(
        extend(schema, { type: t, anyOf: undefined, oneOf: undefined, nullable: undefined }),
        defs,
        depth,
      ),
    );
  if (anyOf) out.anyOf = anyOf;
  if (nullable) out.nullable = true;

  if (
    typeof schema.format === 'string' &&
    typeof out.type === 'string' &&
    out.format === undefined &&
    FORMATS[out.type]?.has(schema.format)
  ) {
    out.format = schema.format;
  }

  for (const key of COPIED_KEYS) {
    if (schema[key] !== undefined) out[key] = schema[key];
  }
  if (out.example === undefined && Array.isArray(schema.examples) && schema.examples.length > 0)
    out.example = schema.examples[0];

  if (isObject(schema.properties) && (out.type === 'OBJECT' || out.type === undefined) && !anyOf) {
    const props: Schema = {};
    for (const [name, value] of Object.entries(schema.properties)) {
      if (isObject(value)) props[name] = convert(value, defs, depth);
    }
    out.type = 'OBJECT';
    out.properties = props;
    if (Array.isArray(schema.required)) {
      const required = schema.required.filter((r): r is string => typeof r === 'string' && r in props);
      if (required.length > 0) out.required = required;
    }
  }
  if (out.type === 'ARRAY' && isObject(schema.items)) out.items = convert(schema.items, defs, depth);
  return out;
}

/** Shallow merge of allOf members (properties and required lists unioned); enough for tool schemas. */
function mergeAllOf(schema: Schema, defs: Schema, depth: number): Schema {
  const { allOf, ...rest } = schema;
  const merged: Schema = { ...rest };
  for (const member of allOf as unknown[]) {
    if (!isObject(member)) continue;
    let m = member;
    if (typeof m.$ref === 'string' && depth < MAX_REF_DEPTH)
      m = extend(extend(resolveRef(m.$ref, defs) ?? {}, m), { $ref: undefined });
    for (const [k, v] of Object.entries(m)) {
      if (v === undefined) continue;
      if (k === 'properties' && isObject(v))
        merged.properties = extend(isObject(merged.properties) ? merged.properties : {}, v);
      else if (k === 'required' && Array.isArray(v))
        merged.required = [...(Array.isArray(merged.required) ? merged.required : []), ...v];
      else if (merged[k] === undefined) merged[k] = v;
    }
  }
  return merged;
}
