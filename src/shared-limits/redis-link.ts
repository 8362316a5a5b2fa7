// One connection to Redis and what the limits need to know about it: whether it answers now.
// Losing Redis is logged once per outage (never once per request) and its return once; while it
// is away every caller falls back to its own per-instance state. Commands never queue while the
// connection is down (enableOfflineQueue off) and give up after commandTimeoutMs, so a dead or
// hung Redis costs a request at most that long, once: from then on nobody asks it until a probe
// (or a reconnect) says it is back.
import { Redis } from 'ioredis';
import type { Logger } from '../util/log.js';

/** The URL without its password (and user name), for logs and errors. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'redis (unparsable URL)';
  }
}

export interface RedisLinkOptions {
  url: string;
  log: Logger;
  /** A command slower than this counts as Redis being away (default 250 ms). */
  commandTimeoutMs?: number;
  /** How often a probe asks a connected but silent Redis whether it answers again (default 1 s). */
  probeMs?: number;
}

export class RedisLink {
  readonly client: Redis;
  readonly where: string;
  private healthy = false;
  private warned = false;
  private lastError?: string;
  private probe?: NodeJS.Timeout;
  private closed = false;
  private readonly upListeners: (() => void)[] = [];
  /** The socket corked for this event-loop turn (coalesce), uncorked at its end. */
  private corked?: { uncork(): void };
  private readonly uncork = () => {
    const s = this.corked;
    this.corked = undefined;
    s?.uncork();
  };
  private readonly log: Logger;
  private readonly probeMs: number;

  constructor(o: RedisLinkOptions) {
    this.log = o.log;
    this.where = describeRedisUrl(o.url);
    this.probeMs = o.probeMs ?? 1000;
    this.client = new Redis(o.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: o.commandTimeoutMs ?? 250,
      connectTimeout: 2000,
      // Keep trying for as long as the gateway runs; the limits are local meanwhile.
      retryStrategy: (times) => Math.min(100 * times, 2000),
    });
    this.client.on('ready', () => this.markUp());
    this.client.on('error', (err: Error) => this.failed(err));
    this.client.on('close', () => this.failed(new Error('connection closed')));
  }

  /** Whether Redis answered the last time anyone asked. */
  get up(): boolean {
    return this.healthy;
  }

  get error(): string | undefined {
    return this.healthy ? undefined : (this.lastError ?? 'not connected yet');
  }

  /**
   * The commands sent from now to the end of this event-loop turn leave in one write (the socket
   * is corked until setImmediate). Requests that arrive together (one poll of the event loop
   * hands the gateway several sockets' data) then cost Redis one write syscall and one reply
   * wakeup between them instead of one each, the syscall being most of what a round trip costs
   * the gateway. Nothing waits longer than the rest of the current turn.
   */
  coalesce(): void {
    if (this.corked) return;
    const stream = (
      this.client as unknown as { stream?: { cork(): void; uncork(): void; writable?: boolean } }
    ).stream;
    if (!stream?.writable) return;
    stream.cork();
    this.corked = stream;
    setImmediate(this.uncork);
  }

  /** Runs on every return of Redis (after an outage, and the first connection). */
  onUp(listener: () => void): void {
    this.upListeners.push(listener);
  }

  /** Connects, waiting at most `waitMs` (the gateway starts anyway, with local limits). */
  async connect(waitMs = 2000): Promise<void> {
    const connecting = this.client.connect().catch((err: Error) => this.failed(err));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([connecting, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    if (!this.healthy) this.failed(new Error(this.lastError ?? `no answer within ${waitMs} ms`));
  }

  /** A command failed: Redis counts as away until it answers again. */
  failed(err: Error): void {
    if (this.closed) return;
    this.lastError = err.message;
    if (this.healthy || !this.warned) {
      this.warned = true;
      this.log.warn(
        `Redis at ${this.where} is unreachable (${err.message}): rate limits, concurrency, budgets and cooldowns are per instance until it is back`,
      );
    }
    this.healthy = false;
    this.probe ??= setInterval(() => void this.ping(), this.probeMs);
    this.probe.unref();
  }

  /** Asks Redis directly (readiness, probes); true when it answered. */
  async ping(): Promise<boolean> {
    if (this.client.status !== 'ready') return false;
    try {
      await this.client.ping();
      this.markUp();
      return true;
    } catch (err) {
      this.lastError = (err as Error).message;
      return false;
    }
  }

  private markUp(): void {
    if (this.healthy || this.closed) return;
    if (this.warned) this.log.info(`Redis at ${this.where} answers again: limits are shared again`);
    this.healthy = true;
    this.lastError = undefined;
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
    for (const listener of this.upListeners) listener();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probe) clearInterval(this.probe);
    this.healthy = false;
    if (this.client.status === 'ready') await this.client.quit().catch(() => {});
    this.client.disconnect();
  }
}
