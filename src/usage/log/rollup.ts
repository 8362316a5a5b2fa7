// The daily rollup of usage rows (one group per UTC day × model × key × account × ingress), summed in memory
// per batch so each backend writes one upsert per group, not one per row.
import type { UsageRow } from './types.js';

export const DAY_MS = 86_400_000;

export interface RollupGroup {
  day: number;
  model: string;
  keyId: string;
  accountId: string;
  /** '' in groups written before the rollups recorded it (usage-002). */
  ingress: string;
  requests: number;
  errors: number;
  input: number;
  cached: number;
  written: number;
  output: number;
  reasoning: number;
  cost: number;
  estimated: number;
  unpriced: number;
}

export function addToRollup(groups: Map<string, RollupGroup>, r: UsageRow): void {
  const day = Math.floor(r.tsMs / DAY_MS);
  const model = r.resolvedModel ?? r.requestedModel ?? '';
  const keyId = r.keyId ?? '';
  const accountId = r.accountId ?? '';
  const ingress = r.ingress;
  const id = `${day}\u0000${model}\u0000${keyId}\u0000${accountId}\u0000${ingress}`;
  let g = groups.get(id);
  if (!g) {
    g = {
      day,
      model,
      keyId,
      accountId,
      ingress,
      requests: 0,
      errors: 0,
      input: 0,
      cached: 0,
      written: 0,
      output: 0,
      reasoning: 0,
      cost: 0,
      estimated: 0,
      unpriced: 0,
    };
    groups.set(id, g);
  }
  const cost = r.costNanoAiu ?? 0;
  g.requests += 1;
  if (r.status >= 400 || r.errorKind !== undefined) g.errors += 1;
  g.input += r.inputTokens;
  g.cached += r.cachedInputTokens;
  g.written += r.cacheWriteTokens;
  g.output += r.outputTokens;
  g.reasoning += r.reasoningTokens;
  g.cost += cost;
  if (r.costSource === 'estimate') g.estimated += cost;
  if (r.costSource === 'none' && r.inputTokens + r.outputTokens > 0) g.unpriced += 1;
}
