// The usage log as an outcome subscriber: each record is priced (reported, estimated or none),
// turned into a row and queued for the batched writer; retention runs on a timer, never per
// request. This is what the composition root builds and subscribes to the pipeline's outcomes.
import type { OutcomeRecord, OutcomeSubscriber } from '../gateway/pipeline/outcome.js';
import type { Logger } from '../util/log.js';
import { costOf } from './cost.js';
import { rowFromOutcome } from './log/row-from-outcome.js';
import type { RetentionPolicy, UsageRepository } from './log/types.js';
import type { PriceTable } from './price-table.js';
import { createUsageWriter, type UsageWriter, type UsageWriterOptions } from './usage-writer.js';

export interface UsageLogOptions {
  repo: UsageRepository;
  prices: PriceTable;
  retention: RetentionPolicy;
  log: Logger;
  writer?: Omit<UsageWriterOptions, 'log'>;
  /** How often retention runs (default hourly; also once at start). */
  pruneIntervalMs?: number;
}

export interface UsageLog {
  subscriber: OutcomeSubscriber;
  writer: UsageWriter;
  prune(): Promise<void>;
  close(): Promise<void>;
}

export function createUsageLog(options: UsageLogOptions): UsageLog {
  const { repo, prices, log } = options;
  const writer = createUsageWriter(repo, { ...options.writer, log });
  const subscriber = (record: OutcomeRecord) => {
    writer.push(rowFromOutcome(record, costOf(record, prices)));
  };
  async function prune() {
    try {
      const removed = await repo.prune(options.retention);
      if (removed.rows > 0 || removed.rollups > 0) log.info('usage log retention', removed);
    } catch (err) {
      log.warn('usage log retention failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }
  const timer = setInterval(() => void prune(), options.pruneIntervalMs ?? 3_600_000);
  timer.unref();
  void prune();
  return {
    subscriber,
    writer,
    prune,
    async close() {
      clearInterval(timer);
      await writer.close();
    },
  };
}
