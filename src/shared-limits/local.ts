// The limits of one process (no Redis): the key limiter (rpm, concurrency, tpm), the usage
// budgets' running totals (daily/monthly credits) and the global --rate-limit pacer, in the order
// the guard has always applied them. Also the fallback of the Redis limits while Redis is away.
import { keyUsageSubscriber } from '../gateway/middleware/key-usage.js';
import { KeyLimiter, UpstreamPacer } from '../gateway/middleware/rate-limits.js';
import type { BudgetTracker } from '../usage/budgets.js';
import type { Cancellation } from '../util/cancellation.js';
import type { AdmitRequest, GatewayLimits, LimitedKey } from './types.js';

export interface LocalLimitsOptions {
  budgets: BudgetTracker;
  /** Seconds between requests to Copilot (--rate-limit); absent or 0: no pacer. */
  rateLimitSec?: number;
  rateLimitWait: boolean;
}

export class LocalLimits implements GatewayLimits {
  readonly mode = 'local' as const;
  readonly keys = new KeyLimiter();
  readonly pacer?: UpstreamPacer;
  readonly subscribers;

  constructor(private readonly o: LocalLimitsOptions) {
    if (o.rateLimitSec && o.rateLimitSec > 0)
      this.pacer = new UpstreamPacer(o.rateLimitSec * 1000, o.rateLimitWait);
    // Budgets charge themselves (a usage-services subscriber); tpm is the key limiter's.
    this.subscribers = [keyUsageSubscriber(this.keys)];
  }

  /** The credit budgets alone (throws the 429). */
  checkBudgets(key: LimitedKey): void {
    const { dailyCredits, monthlyCredits } = key.limits;
    if (dailyCredits === undefined && monthlyCredits === undefined) return;
    const refused = this.o.budgets.check({
      id: key.id,
      name: key.name,
      limits: { dailyCredits, monthlyCredits },
    });
    if (refused) throw refused;
  }

  async admit(req: AdmitRequest): Promise<() => void> {
    let release = noop;
    if (req.key) {
      this.checkBudgets(req.key);
      release = this.keys.admit(req.key);
    }
    if (req.pace && this.pacer) {
      try {
        await this.pacer.admit(req.cancel);
      } catch (err) {
        release();
        throw err;
      }
    }
    return release;
  }

  async pace(cancel: Cancellation): Promise<void> {
    if (this.pacer) await this.pacer.admit(cancel);
  }

  async readiness() {
    return { ok: true, configured: false };
  }

  async start(): Promise<void> {}
  async close(): Promise<void> {}
}

export function noop(): void {}
