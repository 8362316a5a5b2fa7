// The cost of one request: Copilot's own figure (`copilot_usage.total_nano_aiu`) when the answer
// carried it, else an estimate from the price table, else "no price". The source always travels
// with the figure, so a report never passes an estimate off as billed, or an unknown as free.
import type { OutcomeRecord } from '../gateway/pipeline/outcome.js';
import { type PriceTable, priceTokens } from './price-table.js';

export type CostSource = 'reported' | 'estimate' | 'none';

export interface CostFigure {
  /** undefined when the source is "none". */
  nanoAiu?: number;
  source: CostSource;
}

/** Reads `total_nano_aiu` from a `copilot_usage` block (kept verbatim in the IR usage). */
export function reportedNanoAiu(copilotUsage: unknown): number | undefined {
  if (typeof copilotUsage !== 'object' || copilotUsage === null) return undefined;
  const total = (copilotUsage as { total_nano_aiu?: unknown }).total_nano_aiu;
  return typeof total === 'number' && Number.isFinite(total) && total >= 0 ? total : undefined;
}

export function costOf(record: OutcomeRecord, prices: PriceTable): CostFigure {
  if (record.costNanoAiu !== undefined) return { nanoAiu: record.costNanoAiu, source: 'reported' };
  if (!record.usage) return { source: 'none' };
  const price = prices.find(record.resolvedModel ?? record.requestedModel);
  if (!price) return { source: 'none' };
  const discount = record.requestedModel === 'auto' ? prices.autoDiscount : 0;
  return { nanoAiu: priceTokens(price, record.usage, discount).nanoAiu, source: 'estimate' };
}
