// A small OTLP/HTTP JSON span exporter. Finished requests queue in memory as they are (bounded;
// past the bound new ones are dropped and counted) and become spans only when their batch is
// posted, off the request path: every flushMs, or as soon as maxBatch wait; one post at a
// time, with a timeout. A slow, failing or dead collector costs requests nothing: push() is O(1),
// never throws, never waits.
import { Agent, request } from 'undici';
import type { Logger } from '../util/log.js';
import { encodeSpans, type OtlpResource } from './otlp-json.js';
import type { SpanData } from './spans.js';

export interface ExporterOptions<T> {
  /** The collector's traces URL (…/v1/traces). */
  url: string;
  headers?: Record<string, string>;
  resource: OtlpResource;
  /** The spans of one queued item (a request's outcome). */
  toSpans: (item: T) => SpanData[];
  log: Logger;
  maxQueue?: number;
  maxBatch?: number;
  flushMs?: number;
  timeoutMs?: number;
}

export interface ExporterStats {
  /** Requests whose spans the collector accepted (2xx). */
  exported: number;
  /** Requests whose spans were lost: queue full, or their batch failed. */
  dropped: number;
  /** Posts that failed (connection, timeout, non-2xx). */
  failedPosts: number;
  /** Requests waiting for a post. */
  queued: number;
  /** Requests in the post on its way. */
  sending: number;
}

export class OtlpExporter<T> {
  private queue: T[] = [];
  private inFlight: Promise<void> | undefined;
  private sending = 0;
  private flushScheduled = false;
  private readonly timer: NodeJS.Timeout;
  private readonly agent: Agent;
  private readonly counts = { exported: 0, dropped: 0, failedPosts: 0 };
  private lastWarning = '';
  private closed = false;
  private readonly maxQueue: number;
  private readonly maxBatch: number;
  private readonly timeoutMs: number;

  constructor(private readonly opts: ExporterOptions<T>) {
    this.maxQueue = opts.maxQueue ?? 2048;
    // Small batches: turning records into spans and JSON runs on the event loop (~15 µs each).
    this.maxBatch = opts.maxBatch ?? 128;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.agent = new Agent({
      connections: 2,
      connectTimeout: this.timeoutMs,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    this.timer = setInterval(() => this.flush(), opts.flushMs ?? 1000);
    this.timer.unref();
  }

  push(item: T): void {
    if (this.closed || this.queue.length >= this.maxQueue) {
      this.counts.dropped++;
      if (!this.closed) this.warn(`the export queue is full (${this.maxQueue} requests)`);
      return;
    }
    this.queue.push(item);
    if (this.queue.length >= this.maxBatch) this.flushSoon();
  }

  /** A full batch is posted on a later turn of the event loop, never inside the request's own. */
  private flushSoon(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  stats(): ExporterStats {
    return { ...this.counts, queued: this.queue.length, sending: this.sending };
  }

  /** Starts posting one batch unless a post is already on its way; resolves when that post ends. */
  flush(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.queue.length === 0) return Promise.resolve();
    const batch = this.queue.splice(0, this.maxBatch);
    this.sending = batch.length;
    this.inFlight = this.post(batch).finally(() => {
      this.inFlight = undefined;
      this.sending = 0;
      // Keep up with a busy gateway: a full batch waiting goes out now, not at the next tick.
      if (!this.closed && this.queue.length >= this.maxBatch) this.flushSoon();
    });
    return this.inFlight;
  }

  /**
   * Posts what is queued, then stops; a shutdown waits for the collector at most `closeMs`
   * (default: the post timeout, capped at 3 s), then abandons the post on its way.
   */
  async close(closeMs = Math.min(this.timeoutMs, 3000)): Promise<void> {
    clearInterval(this.timer);
    this.closed = true;
    const drain = async () => {
      while (this.queue.length > 0 || this.inFlight) await this.flush();
    };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, closeMs);
    });
    await Promise.race([drain(), deadline]);
    clearTimeout(timer);
    this.counts.dropped += this.queue.length;
    this.queue = [];
    // Aborts a post still waiting for the collector (its batch is counted as dropped).
    await this.agent.destroy().catch(() => {});
    await this.inFlight;
  }

  private async post(batch: T[]): Promise<void> {
    try {
      const res = await request(this.opts.url, {
        method: 'POST',
        headers: { ...this.opts.headers, 'content-type': 'application/json' },
        body: JSON.stringify(encodeSpans(batch.flatMap(this.opts.toSpans), this.opts.resource)),
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode}`);
      this.counts.exported += batch.length;
      this.lastWarning = '';
    } catch (err) {
      this.counts.failedPosts++;
      this.counts.dropped += batch.length;
      this.warn(`${(err as Error).message ?? err}`);
    }
  }

  /** One warning per distinct failure in a row (a dead collector is one line, not one a second). */
  private warn(message: string): void {
    if (message === this.lastWarning) return;
    this.lastWarning = message;
    const { origin, pathname } = new URL(this.opts.url);
    this.opts.log.warn(
      `tracing: spans could not be sent to ${origin}${pathname}: ${message} (dropped, counted)`,
    );
  }
}
