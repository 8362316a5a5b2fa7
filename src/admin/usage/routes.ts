// /admin/api/usage: totals per hour or day, a breakdown by model / key / account, the request log
// with filters and cursor paging, and a CSV export streamed page by page. All of it reads the
// state store's usage repository (what `usage log|summary` read), after flushing the rows the
// writer still holds, so a request that just ended is in the answer.
import { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { usageCsvHeader, usageCsvLines } from '../../usage/log/csv.js';
import type { UsageFilter, UsageRow } from '../../usage/log/types.js';
import { adminRoute } from '../api/define.js';
import { totalsOf, totalsSchema } from './totals.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Buckets in one answer at most (a year of days, two months of hours). */
const MAX_BUCKETS = 1500;

const epochMs = z.coerce.number().int().min(0).max(8.64e15);
const range = {
  from: epochMs.optional().describe('epoch ms (default: 24 hours before `to`)'),
  to: epochMs.optional().describe('epoch ms, exclusive (default: now)'),
};
const inference = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true')
  .describe('true: leave out the admin API, health checks and /metrics (ingress "other")');
const filters = {
  ...range,
  inference,
  key: z.string().min(1).optional().describe('key id'),
  model: z.string().min(1).optional().describe('resolved (else requested) model id'),
  account: z.string().min(1).optional().describe('account id'),
  status: z
    .union([z.enum(['ok', 'error']), z.coerce.number().int().min(100).max(599)])
    .optional()
    .describe('ok, error, or an HTTP status such as 429'),
};

const usageRowSchema = z.object({
  id: z.number(),
  tsMs: z.number(),
  traceId: z.string(),
  keyId: z.string().optional(),
  accountId: z.string().optional(),
  ingress: z.string(),
  egress: z.string().optional(),
  path: z.string(),
  requestedModel: z.string().optional(),
  resolvedModel: z.string().optional(),
  status: z.number(),
  errorKind: z.string().optional(),
  stream: z.boolean(),
  passthrough: z.boolean().optional(),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  cacheWriteTokens: z.number(),
  outputTokens: z.number(),
  reasoningTokens: z.number(),
  costNanoAiu: z.number().optional(),
  costSource: z.enum(['reported', 'estimate', 'none']),
  multiplier: z.number().optional(),
  initiator: z.enum(['user', 'agent']).optional(),
  firstByteMs: z.number().optional(),
  durationMs: z.number(),
  changes: z.array(z.object({ kind: z.string(), detail: z.string() })),
});

function window(q: { from?: number; to?: number }): { from: number; to: number } {
  const to = q.to ?? Date.now();
  const from = q.from ?? to - DAY_MS;
  if (from >= to) throw GatewayError.invalid('from must be before to', { param: 'from' });
  return { from, to };
}

async function repo(rc: RequestContext) {
  await rc.ctx.usage.usageLog.writer.flush();
  return rc.ctx.usage.repo;
}

function filterOf(q: z.infer<z.ZodObject<typeof filters>>): UsageFilter {
  const { from, to } = window(q);
  return {
    sinceMs: from,
    untilMs: to,
    keyId: q.key,
    model: q.model,
    accountId: q.account,
    status: q.status,
    excludeIngress: q.inference ? ['other'] : undefined,
  };
}

function encodeCursor(r: UsageRow): string {
  return Buffer.from(`${r.tsMs}:${r.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { tsMs: number; id: number } {
  const m = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m)
    throw GatewayError.invalid('cursor: not a cursor this API gave out; start again without it', {
      param: 'cursor',
    });
  return { tsMs: Number(m[1]), id: Number(m[2]) };
}

/** The start of the bucket holding t (UTC hours and days). */
function bucketStart(t: number, size: number): number {
  return Math.floor(t / size) * size;
}

function groupStart(group: string, bucket: 'hour' | 'day'): number {
  return Date.parse(bucket === 'hour' ? `${group}:00Z` : `${group}T00:00:00Z`);
}

const PAGE = 1000;

export const usageRoutes = [
  adminRoute({
    method: 'GET',
    path: '/admin/api/usage/summary',
    access: 'admin-read',
    summary: 'Requests, tokens and credits per hour or day (empty buckets included, oldest first)',
    query: z.strictObject({
      bucket: z.enum(['hour', 'day']).default('hour'),
      ...range,
      inference: inference.describe('leave out ingress "other" (admin API, health checks, /metrics)'),
    }),
    response: z.object({
      bucket: z.enum(['hour', 'day']),
      from: z.number(),
      to: z.number(),
      buckets: z.array(totalsSchema.extend({ start: z.number() })),
      totals: totalsSchema,
    }),
    handle: async (rc, { query }) => {
      const { from, to } = window(query);
      const size = query.bucket === 'hour' ? HOUR_MS : DAY_MS;
      const first = bucketStart(from, size);
      if ((to - first) / size > MAX_BUCKETS)
        throw GatewayError.invalid(
          `from/to span more than ${MAX_BUCKETS} ${query.bucket}s; narrow the range or use bucket=day`,
          {
            param: 'from',
          },
        );
      const groups = await (await repo(rc)).summary(query.bucket, {
        sinceMs: from,
        untilMs: to,
        excludeIngress: query.inference ? ['other'] : undefined,
      });
      const byStart = new Map(groups.map((g) => [groupStart(g.group, query.bucket), g]));
      const buckets = [];
      for (let start = first; start < to; start += size) {
        const g = byStart.get(start);
        buckets.push({ start, ...totalsOf(g ? [g] : []) });
      }
      return { body: { bucket: query.bucket, from, to, buckets, totals: totalsOf(groups) } };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/api/usage/breakdown',
    access: 'admin-read',
    summary: 'Requests, tokens and credits by model, key or account (whole UTC days)',
    query: z.strictObject({ by: z.enum(['model', 'key', 'account']), ...range, inference }),
    response: z.object({
      by: z.enum(['model', 'key', 'account']),
      from: z.number(),
      to: z.number(),
      groups: z.array(totalsSchema.extend({ group: z.string().describe('"" = requests without one') })),
    }),
    handle: async (rc, { query }) => {
      const { from, to } = window(query);
      const groups = await (await repo(rc)).summary(query.by, {
        sinceMs: from,
        untilMs: to,
        excludeIngress: query.inference ? ['other'] : undefined,
      });
      return {
        body: {
          by: query.by,
          from,
          to,
          groups: groups.map((g) => ({ group: g.group ?? '', ...totalsOf([g]) })),
        },
      };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/api/usage/log',
    access: 'admin-read',
    summary: 'The request log, newest first, filtered, one page at a time',
    query: z.strictObject({
      ...filters,
      limit: z.coerce.number().int().min(1).max(PAGE).default(100),
      cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
    }),
    response: z.object({ rows: z.array(usageRowSchema), nextCursor: z.string().nullable() }),
    handle: async (rc, { query }) => {
      const filter = filterOf(query);
      const before = query.cursor ? decodeCursor(query.cursor) : undefined;
      // One row more than asked tells whether another page exists.
      const rows = await (await repo(rc)).list({ ...filter, before, limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        body: { rows: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null },
      };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/api/usage/export.csv',
    access: 'admin-read',
    summary: 'The filtered request log as CSV (RFC 4180), streamed',
    query: z.strictObject(filters),
    response: { mediaType: 'text/csv' },
    handle: async (rc, { query }) => {
      const filter = filterOf(query);
      const usage = await repo(rc);
      const { res } = rc;
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="usage-${new Date(filter.untilMs ?? Date.now()).toISOString().slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      });
      res.write(usageCsvHeader());
      let before: { tsMs: number; id: number } | undefined;
      for (;;) {
        if (rc.cancel.aborted) break;
        const rows = await usage.list({ ...filter, before, limit: PAGE });
        if (rows.length === 0) break;
        // Waits for the client to take each page: a large export never piles up in memory.
        if (!res.write(usageCsvLines(rows)))
          await new Promise((resolve) => {
            res.once('drain', resolve);
            res.once('close', resolve);
          });
        const last = rows[rows.length - 1];
        if (rows.length < PAGE || last.id === undefined) break;
        before = { tsMs: last.tsMs, id: last.id };
      }
      res.end();
      return { written: true };
    },
  }),
];
