// Everything issue 12 adds, built from the settings and the state store's usage repository in one call, for the
// composition root: the price table, the usage log (a subscriber), budgets (a subscriber and an
// admission check), Prometheus metrics (a subscriber and the /metrics handler) and the per-account
// quota view. Each subscriber is an `(record: OutcomeRecord) => void` for the pipeline's outcomes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UsageSettings } from '../config/settings.js';
import type { OutcomeSubscriber } from '../gateway/pipeline/outcome.js';
import {
  type AccountStateView,
  createGatewayMetrics,
  type GatewayMetrics,
} from '../metrics/gateway-metrics.js';
import { createMetricsAccess } from '../metrics/metrics-access.js';
import { serveMetrics } from '../metrics/serve-metrics.js';
import type { Logger } from '../util/log.js';
import { type BudgetTracker, createBudgetTracker } from './budgets.js';
import type { UsageRepository } from './log/types.js';
import { createPriceTable, type PriceTable } from './price-table.js';
import { type AccountQuota, createAccountQuota, type QuotaAccount } from './quota/account-quota.js';
import { createUsageLog, type UsageLog } from './usage-log.js';

export interface UsageServicesOptions {
  settings: { usage: UsageSettings; metricsToken?: string };
  /** The state store's usage repository (its migrations applied when the store opened). */
  repo: UsageRepository;
  log: Logger;
  inflight: () => number;
  accountStates?: () => Iterable<AccountStateView> | Promise<Iterable<AccountStateView>>;
  quotaAccounts?: () => QuotaAccount[] | Promise<QuotaAccount[]>;
  /** Admin credential check for /metrics (the keys concern). */
  isAdmin?: (req: IncomingMessage) => boolean;
  /** Let loopback scrape without a credential (turn off once API keys exist). */
  anonymousLoopback?: boolean | (() => boolean);
}

export interface UsageServices {
  prices: PriceTable;
  repo: UsageRepository;
  usageLog: UsageLog;
  budgets: BudgetTracker;
  metrics: GatewayMetrics;
  quota: AccountQuota;
  /** Subscribe each of these to the pipeline's outcome records. */
  subscribers: OutcomeSubscriber[];
  /** The GET /metrics route. */
  serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Warms the budgets from the log and starts the quota schedule; call before serving. */
  start(): Promise<void>;
  /** Flushes the usage log and stops the timers. */
  close(): Promise<void>;
}

export function createUsageServices(o: UsageServicesOptions): UsageServices {
  const u = o.settings.usage;
  const prices = createPriceTable(u.prices);
  const repo = o.repo;
  const usageLog = createUsageLog({
    repo,
    prices,
    log: o.log,
    retention: { maxAgeDays: u.retentionDays, maxRows: u.maxRows, rollupMaxAgeDays: u.rollupRetentionDays },
  });
  const budgets = createBudgetTracker(prices);
  const metrics = createGatewayMetrics({ prices, inflight: o.inflight, accountStates: o.accountStates });
  const quota = createAccountQuota({
    accounts: o.quotaAccounts ?? (() => []),
    intervalMs: u.quotaPollSec * 1000,
    log: o.log,
  });
  const access = createMetricsAccess({
    metricsToken: o.settings.metricsToken,
    isAdmin: o.isAdmin,
    anonymousLoopback: o.anonymousLoopback,
  });
  return {
    prices,
    repo,
    usageLog,
    budgets,
    metrics,
    quota,
    subscribers: [usageLog.subscriber, budgets.subscriber, metrics.subscriber],
    serveMetrics: (req, res) => serveMetrics(req, res, metrics, access),
    async start() {
      await budgets.warm(repo);
      quota.start();
    },
    async close() {
      quota.stop();
      await usageLog.close();
    },
  };
}
