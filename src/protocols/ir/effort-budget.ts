// The effort ⇄ thinking-budget policy shared by every codec (client-protocols.md §5):
// minimal 1024, low 4096, medium 8192, high 24576, xhigh/max 32768, always below max_tokens.
// The reverse mapping uses the same numbers as upper thresholds, so effort → budget → effort is
// the identity for every effort except `max` (which shares xhigh's budget).
import type { IREffort } from './types.js';

const BUDGET_BY_EFFORT: Record<Exclude<IREffort, 'none'>, number> = {
  minimal: 1024,
  low: 4096,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
  max: 32768,
};

/** Efforts from weakest to strongest; used to find the nearest supported one. */
export const EFFORT_ORDER: readonly IREffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

export interface BudgetLimits {
  /** The model's smallest accepted budget. */
  min?: number;
  /** The model's largest accepted budget. */
  max?: number;
  /** The request's output limit; a budget must stay strictly below it. */
  maxOutputTokens?: number;
}

/** The thinking budget for an effort (0 for `none`), clamped to the limits when given. */
export function effortToBudget(effort: IREffort, limits: BudgetLimits = {}): number {
  if (effort === 'none') return 0;
  return clampBudget(BUDGET_BY_EFFORT[effort], limits);
}

/**
 * Clamps a budget to [min, max] and below `maxOutputTokens − 1`. The output cap wins over `min`
 * (a budget the output cannot hold is useless), so callers should check the result against
 * `min` when they need a valid budget; see `budgetFits`.
 */
export function clampBudget(budget: number, limits: BudgetLimits = {}): number {
  let b = Math.floor(budget);
  if (limits.max !== undefined) b = Math.min(b, limits.max);
  if (limits.min !== undefined) b = Math.max(b, limits.min);
  if (limits.maxOutputTokens !== undefined) b = Math.min(b, limits.maxOutputTokens - 1);
  return Math.max(0, b);
}

/** Whether a (clamped) budget satisfies the model's minimum. */
export function budgetFits(budget: number, limits: BudgetLimits = {}): boolean {
  return budget > 0 && (limits.min === undefined || budget >= limits.min);
}

/** The effort a budget corresponds to (0 → none). */
export function budgetToEffort(budget: number): IREffort {
  if (budget <= 0) return 'none';
  if (budget <= BUDGET_BY_EFFORT.minimal) return 'minimal';
  if (budget <= BUDGET_BY_EFFORT.low) return 'low';
  if (budget <= BUDGET_BY_EFFORT.medium) return 'medium';
  if (budget <= BUDGET_BY_EFFORT.high) return 'high';
  return 'xhigh';
}

/**
 * The supported effort closest to the wanted one; on a tie, the stronger one (asking for more
 * thinking than wanted is safer than silently thinking less). Undefined when nothing is supported.
 */
export function nearestEffort(wanted: IREffort, supported: readonly string[]): IREffort | undefined {
  const want = EFFORT_ORDER.indexOf(wanted);
  let best: IREffort | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const s of supported) {
    const idx = EFFORT_ORDER.indexOf(s as IREffort);
    if (idx < 0) continue;
    const distance = Math.abs(idx - want);
    if (distance < bestDistance || (distance === bestDistance && idx > want)) {
      best = s as IREffort;
      bestDistance = distance;
    }
  }
  return best;
}

export function isEffort(value: unknown): value is IREffort {
  return typeof value === 'string' && (EFFORT_ORDER as readonly string[]).includes(value);
}
