import { describe, expect, it } from 'vitest';
import { openApiToJsonSchema } from './openapi-schema.js';

describe('openApiToJsonSchema', () => {
  it('lowercases types recursively and turns nullable into a union', () => {
    expect(
      openApiToJsonSchema({
        type: 'OBJECT',
        properties: {
          city: { type: 'STRING', description: 'City', nullable: true },
          days: { type: 'ARRAY', items: { type: 'INTEGER' }, max_items: 5 },
          unit: { anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }], nullable: true },
        },
        required: ['city'],
        propertyOrdering: ['city', 'days'],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        city: { type: ['string', 'null'], description: 'City' },
        days: { type: 'array', items: { type: 'integer' }, maxItems: 5 },
        unit: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] },
      },
      required: ['city'],
    });
  });

  it('maps example to examples and ignores non-objects', () => {
    expect(openApiToJsonSchema({ type: 'string', example: 'Paris' })).toEqual({
      type: 'string',
      examples: ['Paris'],
    });
    expect(openApiToJsonSchema(null)).toEqual({});
    expect(openApiToJsonSchema('x')).toEqual({});
  });
});
