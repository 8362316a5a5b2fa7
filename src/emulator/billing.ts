// AI Credit billing (2026+): every answer's `copilot_usage` priced by the gateway's own price table
// (src/usage/prices.json), and a ledger of what was billed, served by the public billing API
// `GET /users/{user}/settings/billing/ai_credit/usage?year=&month=[&day=]` on the GitHub side.
import { createPriceTable, NANO_PER_CREDIT } from '../usage/price-table.js';
import type { ModelView } from './catalogue.js';
import { EmulatorHttpError } from './http-error.js';
import { copilotUsage, type ScriptUsage } from './scripted-model.js';

// Immutable: the shipped prices, read once.
const PRICES = createPriceTable();

/** The `copilot_usage` block of one answer: the price table's price, else the multiplier rule. */
export function billedUsage(usage: ScriptUsage, model: ModelView) {
  return copilotUsage(usage, model.multiplier, usage.cacheWriteTokens ?? 0, PRICES.find(model.id));
}

interface LedgerEntry {
  atMs: number;
  model: string;
  nanoAiu: number;
}

export class BillingLedger {
  private readonly entries: LedgerEntry[] = [];

  record(model: ModelView, usage: ScriptUsage, atMs = Date.now()): void {
    const nanoAiu = billedUsage(usage, model).total_nano_aiu;
    // Bounded like the request log; a day of heavy benchmarking stays small.
    if (this.entries.length >= 100_000) this.entries.shift();
    this.entries.push({ atMs, model: model.id, nanoAiu });
  }

  /** GitHub's usage report for a UTC month (or one day of it), one item per model. */
  report(login: string, year: number, month: number, day?: number) {
    const byModel = new Map<string, number>();
    for (const e of this.entries) {
      const d = new Date(e.atMs);
      if (d.getUTCFullYear() !== year || d.getUTCMonth() + 1 !== month) continue;
      if (day !== undefined && d.getUTCDate() !== day) continue;
      byModel.set(e.model, (byModel.get(e.model) ?? 0) + e.nanoAiu);
    }
    const usageItems = [...byModel].map(([model, nano]) => {
      const credits = nano / NANO_PER_CREDIT;
      const amount = Math.round(credits) / 100;
      return {
        product: 'Copilot',
        sku: 'Copilot AI Credits',
        model,
        unitType: 'ai-credits',
        pricePerUnit: 0.01,
        grossQuantity: credits,
        grossAmount: amount,
        discountQuantity: 0,
        discountAmount: 0,
        netQuantity: credits,
        netAmount: amount,
      };
    });
    return { timePeriod: { year, month, ...(day === undefined ? {} : { day }) }, user: login, usageItems };
  }
}

const BILLING_PATH = /^\/users\/([^/]+)\/settings\/billing\/ai_credit\/usage$/;

/** The path's user, when the path is the billing API. */
export function matchBillingPath(path: string): string | undefined {
  return BILLING_PATH.exec(path)?.[1];
}

function intParam(query: URLSearchParams, name: string, min: number, max: number, fallback?: number) {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new EmulatorHttpError(400, {
      message: `Invalid ${name}: ${raw}`,
      documentation_url: 'https://docs.github.com/rest/billing/usage',
      status: '400',
    });
  }
  return n;
}

/** Answers the billing API: the token needs the `user` scope, and only its own login is served. */
export function billingReport(
  ledger: BillingLedger,
  login: string,
  scopes: string[],
  user: string,
  rawQuery: string,
  now = new Date(),
) {
  if (!scopes.includes('user')) {
    throw new EmulatorHttpError(403, {
      message: 'Resource not accessible by integration: the token needs the "user" scope or "Plan: read".',
      documentation_url: 'https://docs.github.com/rest/billing/usage',
      status: '403',
    });
  }
  if (user.toLowerCase() !== login.toLowerCase()) {
    throw new EmulatorHttpError(404, {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
  }
  const query = new URLSearchParams(rawQuery);
  const year = intParam(query, 'year', 2000, 9999, now.getUTCFullYear()) as number;
  const month = intParam(query, 'month', 1, 12, now.getUTCMonth() + 1) as number;
  const day = intParam(query, 'day', 1, 31);
  return ledger.report(login, year, month, day);
}
