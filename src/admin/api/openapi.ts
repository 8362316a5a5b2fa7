// The OpenAPI 3.1 document of the admin API, generated from the route declarations' zod schemas
// (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses). Built once per gateway, on first ask.
import { z } from 'zod';
import type { AdminRoute } from './define.js';

const ERROR = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      code: z.string().optional(),
      param: z.string().optional(),
    }),
  })
  .describe('Every failure; message says what to do');

function schemaOf(type: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function access(route: AdminRoute): string {
  switch (route.access) {
    case 'public':
      return 'Public.';
    case 'admin-read':
      return 'Admin session, or a key with scope admin:read or admin:write.';
    case 'admin-write':
      return 'Admin session with the x-csrf-token header, or a key with scope admin:write.';
    default:
      return `Access: ${route.access}.`;
  }
}

function queryParameters(route: AdminRoute): unknown[] {
  if (!route.query) return [];
  const schema = schemaOf(route.query, 'input') as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    description: typeof s.description === 'string' ? s.description : undefined,
    schema: s,
  }));
}

function pathParameters(route: AdminRoute): unknown[] {
  return [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

export function buildOpenApi(routes: readonly AdminRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorContent = { 'application/json': { schema: schemaOf(ERROR, 'output') } };
  for (const route of routes) {
    const okContent =
      'mediaType' in route.response
        ? { [route.response.mediaType]: { schema: { type: 'string' } } }
        : { 'application/json': { schema: schemaOf(route.response, 'output') } };
    const operation: Record<string, unknown> = {
      summary: route.summary,
      description: [route.description, access(route)].filter(Boolean).join('\n\n'),
      parameters: [...pathParameters(route), ...queryParameters(route)],
      responses: {
        [String(route.status ?? 200)]: { description: 'OK', content: okContent },
        '4XX': { description: 'A client mistake or a refusal', content: errorContent },
      },
    };
    if (route.body)
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
      };
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'copilot-gateway admin API',
      version,
      description:
        'Authenticate with the admin session cookie (POST /admin/api/login) plus the x-csrf-token header on changes, or with an API key that has an admin scope (Authorization: Bearer …).',
    },
    paths,
  };
}
