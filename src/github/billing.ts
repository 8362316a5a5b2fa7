// The public billing API for AI Credits (2026-03-10 API version):
// GET {api}/users/{user}/settings/billing/ai_credit/usage?year=&month=[&day=]. It needs the `user`
// scope (or fine-grained "Plan: read"); without it GitHub answers 403/404, which is reported as
// "not available for this token" rather than as a failure. Org-billed seats report 0 here.
import { type Dispatcher, request } from 'undici';
import { GatewayError } from '../errors/gateway-error.js';
import { NANO_PER_CREDIT } from '../usage/price-table.js';
import { githubNetworkError } from './errors.js';

export const BILLING_API_VERSION = '2026-03-10';

export interface BillingQuery {
  githubApiUrl: string;
  githubToken: string;
  user: string;
  year: number;
  month: number;
  day?: number;
  userAgent: string;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

export type BillingUsage =
  | {
      available: true;
      /** Sum of usageItems[].grossQuantity, in AI Credits. */
      credits: number;
      nanoAiu: number;
      byModel: Record<string, number>;
    }
  | { available: false; status: number; reason: string };

function items(body: unknown): { model: string; quantity: number }[] {
  const list = (body as { usageItems?: unknown } | null)?.usageItems;
  if (!Array.isArray(list)) return [];
  return list.flatMap((it) => {
    const q = (it as { grossQuantity?: unknown }).grossQuantity;
    const model = (it as { model?: unknown }).model;
    if (typeof q !== 'number' || !Number.isFinite(q)) return [];
    return [{ model: typeof model === 'string' ? model : 'unknown', quantity: q }];
  });
}

export async function fetchAiCreditUsage(q: BillingQuery): Promise<BillingUsage> {
  const params = new URLSearchParams({ year: String(q.year), month: String(q.month) });
  if (q.day !== undefined) params.set('day', String(q.day));
  const base = q.githubApiUrl.replace(/\/+$/, '');
  const url = `${base}/users/${encodeURIComponent(q.user)}/settings/billing/ai_credit/usage?${params}`;
  let status: number;
  let text: string;
  try {
    const res = await request(url, {
      method: 'GET',
      headers: {
        authorization: `token ${q.githubToken}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': BILLING_API_VERSION,
        'user-agent': q.userAgent,
      },
      dispatcher: q.dispatcher,
      signal: q.signal,
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (err) {
    if (q.signal?.aborted) throw err;
    throw githubNetworkError('reading the AI Credit billing report', url, err);
  }
  if (status === 401 || status === 403 || status === 404) {
    return {
      available: false,
      status,
      reason:
        status === 404
          ? 'GitHub has no billing report for this user (org-billed seat, or the token cannot see it)'
          : 'the GitHub token lacks the "user" scope (or the fine-grained "Plan: read" permission)',
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (status < 200 || status >= 300 || body === undefined) {
    throw new GatewayError(
      'upstream',
      `GitHub's billing API answered HTTP ${status} while reading AI Credit usage`,
      {
        retryable: status >= 500,
      },
    );
  }
  const byModel: Record<string, number> = {};
  let credits = 0;
  for (const it of items(body)) {
    credits += it.quantity;
    byModel[it.model] = (byModel[it.model] ?? 0) + it.quantity;
  }
  return { available: true, credits, nanoAiu: Math.round(credits * NANO_PER_CREDIT), byModel };
}
