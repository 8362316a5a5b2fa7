// Writes usage rows off the request path: the subscriber only pushes to an array; a timer flushes
// at least once a second (and sooner when a batch fills), and close() flushes the rest. A refused
// write (full disk, locked database) never reaches a request: it is logged, counted, and the rows
// are kept for the next flush, up to a bound past which the oldest are dropped (and counted).
import type { Logger } from '../util/log.js';
import type { UsageRepository, UsageRow } from './log/types.js';

export interface UsageWriterOptions {
  flushIntervalMs?: number;
  /** A queue this long is flushed at once, without waiting for the timer. */
  batchSize?: number;
  /** Rows kept while the database refuses writes; beyond, the oldest are dropped. */
  maxQueued?: number;
  log: Logger;
}

export interface UsageWriterStats {
  queued: number;
  written: number;
  /** Flushes the database refused. */
  failedFlushes: number;
  /** Rows lost because the queue overflowed while the database refused writes. */
  dropped: number;
}

export interface UsageWriter {
  push(row: UsageRow): void;
  flush(): Promise<void>;
  /** Stops the timer and flushes what is queued (one last try). */
  close(): Promise<void>;
  stats(): UsageWriterStats;
}

export function createUsageWriter(repo: UsageRepository, options: UsageWriterOptions): UsageWriter {
  const batchSize = options.batchSize ?? 500;
  const maxQueued = options.maxQueued ?? 50_000;
  let queue: UsageRow[] = [];
  let flushing: Promise<void> | undefined;
  let soon = false;
  let closed = false;
  let lastError = '';
  const s = { written: 0, failedFlushes: 0, dropped: 0 };

  async function writeQueued(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        await repo.insert(batch);
        s.written += batch.length;
        lastError = '';
      } catch (err) {
        s.failedFlushes += 1;
        // Put the batch back in front of anything queued meanwhile, then bound the queue.
        queue = batch.concat(queue);
        const over = queue.length - maxQueued;
        if (over > 0) {
          queue.splice(0, over);
          s.dropped += over;
        }
        const message = err instanceof Error ? err.message : String(err);
        // Once per distinct failure, not once a second.
        if (message !== lastError) {
          options.log.warn('usage log write failed; rows kept for the next flush', {
            error: message,
            queued: queue.length,
            dropped: s.dropped,
          });
          lastError = message;
        }
        return;
      }
    }
  }

  function flush(): Promise<void> {
    if (!flushing) {
      flushing = writeQueued().finally(() => {
        flushing = undefined;
      });
    }
    return flushing;
  }

  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 1000);
  timer.unref();

  return {
    push(row) {
      if (closed) return;
      queue.push(row);
      if (queue.length >= batchSize && !soon) {
        soon = true;
        setImmediate(() => {
          soon = false;
          void flush();
        });
      }
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flushing;
      await flush();
    },
    stats: () => ({ queued: queue.length, ...s }),
  };
}
