// One admin route = one declaration: method, path, access, the zod schemas of its body, query and
// answer, and a handler that receives the parsed input. The same declarations register the routes
// (./register.ts) and generate the OpenAPI document (./openapi.ts), so the document cannot drift.
import type { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error.js';
import { parseJsonObject, readBody } from '../../gateway/http/read-body.js';
import { sendJson } from '../../gateway/http/respond.js';
import type { RouteAccess } from '../../gateway/middleware/access.js';
import type { RequestContext } from '../../gateway/request-context.js';

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler answers: JSON (status 200 unless told), or a handler that wrote the reply itself. */
export type AdminReply = { status?: number; body: unknown } | { written: true };

export interface AdminInput<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
}

export interface AdminRoute {
  method: AdminMethod;
  /** OpenAPI style: `/admin/api/accounts/{id}`. */
  path: string;
  access: RouteAccess;
  summary: string;
  description?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The JSON answer's schema, or a non-JSON media type (the CSV export). */
  response: z.ZodType | { mediaType: string };
  /** Answer statuses besides 200 that the route uses (documented). */
  status?: number;
  /** Reads and validates the input itself (the sign-in routes; their schema is documentation). */
  rawInput?: boolean;
  handle(rc: RequestContext, input: AdminInput<unknown, unknown>): Promise<AdminReply>;
}

const MAX_BODY = 256 * 1024;

/** Declares a route with handler input typed from its schemas. */
export function adminRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(
  r: Omit<AdminRoute, 'body' | 'query' | 'handle'> & {
    body?: B;
    query?: Q;
    handle(
      rc: RequestContext,
      input: AdminInput<
        B extends z.ZodType ? z.output<B> : undefined,
        Q extends z.ZodType ? z.output<Q> : undefined
      >,
    ): Promise<AdminReply>;
  },
): AdminRoute {
  return r as AdminRoute;
}

/** `field.path: message; …` — every problem, each with the field to fix. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
      if (issue.code === 'unrecognized_keys')
        return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

function invalid(what: string, error: z.ZodError): GatewayError {
  const first = error.issues[0]?.path.join('.');
  return GatewayError.invalid(`Invalid ${what}: ${describeIssues(error)}`, {
    param: first || undefined,
    code: 'invalid_input',
  });
}

/** Parses the query string with the route's schema (repeated names: the last one wins). */
export function parseQuery(rc: RequestContext, schema: z.ZodType | undefined): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(Object.fromEntries(rc.query));
  if (!parsed.success) throw invalid('query string', parsed.error);
  return parsed.data;
}

export async function parseBody(rc: RequestContext, schema: z.ZodType | undefined): Promise<unknown> {
  if (!schema) {
    rc.req.resume();
    return undefined;
  }
  const parsed = schema.safeParse(parseJsonObject(await readBody(rc.req, MAX_BODY)));
  if (!parsed.success) throw invalid('request body', parsed.error);
  return parsed.data;
}

/** The gateway RouteHandler of a declared route. */
export function toHandler(route: AdminRoute) {
  return async (rc: RequestContext): Promise<void> => {
    const input = route.rawInput
      ? { body: undefined, query: undefined, params: rc.params }
      : {
          query: parseQuery(rc, route.query),
          body: await parseBody(rc, route.body),
          params: rc.params,
        };
    const reply = await route.handle(rc, input);
    if ('written' in reply) return;
    rc.res.setHeader('cache-control', 'no-store');
    sendJson(rc.res, reply.status ?? 200, reply.body);
  };
}
