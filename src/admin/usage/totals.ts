// The usage figures the admin API answers with: the repository's aggregates plus credits, and sums.
import { z } from 'zod';
import type { UsageAggregate } from '../../usage/log/types.js';
import { NANO_PER_CREDIT } from '../../usage/price-table.js';

export const totalsSchema = z.object({
  requests: z.number(),
  errors: z.number(),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  cacheWriteTokens: z.number(),
  outputTokens: z.number(),
  reasoningTokens: z.number(),
  nanoAiu: z.number().describe('reported plus estimated cost; 1e9 nano-AIU = 1 AI Credit = $0.01'),
  credits: z.number(),
  estimatedNanoAiu: z.number().describe('the estimated part of nanoAiu'),
  unpricedRequests: z.number().describe('requests with usage but no price (not in nanoAiu)'),
});

export type Totals = z.infer<typeof totalsSchema>;

const FIELDS = [
  'requests',
  'errors',
  'inputTokens',
  'cachedInputTokens',
  'cacheWriteTokens',
  'outputTokens',
  'reasoningTokens',
  'nanoAiu',
  'estimatedNanoAiu',
  'unpricedRequests',
] as const;

export function totalsOf(groups: readonly Omit<UsageAggregate, 'group'>[]): Totals {
  const t = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<(typeof FIELDS)[number], number>;
  for (const g of groups) for (const f of FIELDS) t[f] += Number(g[f] ?? 0);
  return { ...t, credits: t.nanoAiu / NANO_PER_CREDIT };
}
