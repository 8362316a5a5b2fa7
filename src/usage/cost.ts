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

export function costOf(record: OutcomeRecord, prices: PriceTable): CostFigure {
  if (record.costNanoAiu !== undefined) return { nanoAiu: record.costNanoAiu, source: 'reported' };
  if (!record.usage) return { source: 'none' };
  const price = prices.find(record.resolvedModel ?? record.requestedModel);
  if (!price) return { source: 'none' };
  const discount = record.requestedModel === 'auto' ? prices.autoDiscount : 0;
  return { nanoAiu: priceTokens(price, record.usage, discount).nanoAiu, source: 'estimate' };
}
