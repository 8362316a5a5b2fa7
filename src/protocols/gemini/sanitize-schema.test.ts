import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeSchemaForGemini } from './sanitize-schema.js';

const ALLOWED = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'properties',
  'required',
  'propertyOrdering',
  'items',
  'anyOf',
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
]);

function assertGeminiSchema(s: unknown): void {
  if (typeof s !== 'object' || s === null) throw new Error('schema must be an object');
  for (const [k, v] of Object.entries(s)) {
    expect(ALLOWED.has(k), `unexpected key ${k}`).toBe(true);
    if (k === 'type') expect(typeof v).toBe('string');
    if (k === 'enum') for (const e of v as unknown[]) expect(typeof e).toBe('string');
    if (k === 'properties') for (const p of Object.values(v as object)) assertGeminiSchema(p);
    if (k === 'items') assertGeminiSchema(v);
    if (k === 'anyOf') for (const p of v as unknown[]) assertGeminiSchema(p);
  }
}

describe('sanitizeSchemaForGemini', () => {
  it('cleans an MCP-style schema (pitfall 10)', () => {
    const out = sanitizeSchemaForGemini({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: {
        path: { type: 'string', description: 'File path', minLength: 1 },
        mode: { const: 'read' },
        limit: { type: ['integer', 'null'], exclusiveMinimum: 0 },
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        meta: { type: 'object', propertyNames: { pattern: '^a' }, properties: { a: { type: 'number' } } },
        when: { type: 'string', format: 'uri' },
      },
      required: ['path', 'missing'],
      input_examples: [{ path: 'x' }],
    });
    expect(out).toEqual({
      type: 'OBJECT',
      properties: {
        path: { type: 'STRING', description: 'File path', minLength: 1 },
        mode: { type: 'STRING', format: 'enum', enum: ['read'] },
        limit: { type: 'INTEGER', nullable: true },
        tags: { type: 'ARRAY', items: { type: 'STRING' } },
        meta: { type: 'OBJECT', properties: { a: { type: 'NUMBER' } } },
        when: { type: 'STRING' },
      },
      required: ['path'],
    });
  });

  it('resolves $ref/$defs and anyOf with null', () => {
    const out = sanitizeSchemaForGemini({
      type: 'object',
      $defs: { Point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
      properties: {
        at: { $ref: '#/$defs/Point', description: 'where' },
        maybe: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        either: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
        multi: { type: ['string', 'number'] },
      },
    });
    expect(out?.properties).toEqual({
      at: { type: 'OBJECT', description: 'where', properties: { x: { type: 'NUMBER' } }, required: ['x'] },
      maybe: { type: 'STRING', nullable: true },
      either: { anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }] },
      multi: { anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] },
    });
  });

  it('cuts recursive refs instead of looping', () => {
    const out = sanitizeSchemaForGemini({
      type: 'object',
      $defs: { Node: { type: 'object', properties: { child: { $ref: '#/$defs/Node' } } } },
      properties: { root: { $ref: '#/$defs/Node' } },
    });
    expect(out?.type).toBe('OBJECT');
    assertGeminiSchema(out);
  });

  it('omits an empty root', () => {
    expect(sanitizeSchemaForGemini({ type: 'object', properties: {} })).toBeUndefined();
    expect(sanitizeSchemaForGemini({ type: 'object', additionalProperties: false })).toBeUndefined();
    expect(sanitizeSchemaForGemini({})).toBeUndefined();
    expect(sanitizeSchemaForGemini(null)).toBeUndefined();
  });

  it('merges allOf', () => {
    expect(
      sanitizeSchemaForGemini({
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'boolean' } } },
        ],
      }),
    ).toEqual({
      type: 'OBJECT',
      properties: { a: { type: 'STRING' }, b: { type: 'BOOLEAN' } },
      required: ['a'],
    });
  });

  it('always yields whitelist-only output for arbitrary JSON-Schema-ish input', () => {
    const leaf = fc.oneof(
      fc.record({ type: fc.constantFrom('string', 'number', 'integer', 'boolean', 'null') }),
      fc.record({ const: fc.oneof(fc.string(), fc.integer()) }),
      fc.record({ enum: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { minLength: 1 }) }),
      fc.record({ type: fc.constant(['string', 'null']), exclusiveMinimum: fc.integer() }),
    );
    const schema = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.record({
          type: fc.constant('object'),
          additionalProperties: fc.boolean(),
          properties: fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), tie('node'), { maxKeys: 3 }),
        }),
        fc.record({ type: fc.constant('array'), items: tie('node') }),
        fc.record({ anyOf: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      ),
    })).node;
    fc.assert(
      fc.property(schema, (s) => {
        const out = sanitizeSchemaForGemini(s);
        if (out !== undefined) assertGeminiSchema(out);
      }),
    );
  });
});
