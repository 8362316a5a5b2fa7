// Concurrency leases given back without a round trip of their own. A finished request's lease id
// waits here, by its key's concurrency set, until whichever comes first:
// - this instance's next admit script for the same key, which removes it before counting (so this
//   instance never sees its own released slot as taken), or
// - the flush, `flushMs` after the first release of a batch (a timer that take() leaves armed,
//   which then waits for the next batch or stops): one write with one ZREM per set, on
//   the admissions' own connection when it is up, for every release of the batch (the other
//   instances see the slot free after at most flushMs plus a round trip).
// A release that never reaches Redis (Redis away, the process crashed) is no longer renewed, so it
// lapses with its lease like any slot of a dead instance.
import type { Redis } from 'ioredis';
import { command, type RespChannel } from './resp-channel.js';

export class LeaseReleases {
  /** Concurrency set → lease ids released but not yet removed from it. */
  private readonly pending = new Map<string, string[]>();
  private timer?: NodeJS.Timeout;
  /** When the oldest queued release was queued (0: none queued). */
  private since = 0;

  constructor(
    private readonly redis: Redis,
    private readonly flushMs: number,
    /** Whether Redis answers (a batch for a Redis that is away is dropped: the leases lapse). */
    private readonly up: () => boolean,
    /** Joins the batch to the write of this event-loop turn (RedisLink.coalesce). */
    private readonly coalesce: () => void = () => {},
    /** The lean connection the admissions use, when it is up: the releases go in order with them. */
    private readonly channel?: RespChannel,
  ) {}

  /** Queues a release; the batch goes out within flushMs. */
  add(set: string, lease: string): void {
    if (this.pending.size === 0) this.since = Date.now();
    const ids = this.pending.get(set);
    if (ids) ids.push(lease);
    else this.pending.set(set, [lease]);
    if (!this.timer) this.arm(this.flushMs);
  }

  /** The releases queued for `set`, handed to an admit script that removes them itself. */
  take(set: string): string[] | undefined {
    const ids = this.pending.get(set);
    if (!ids) return undefined;
    this.pending.delete(set);
    // The timer stays armed (not one setTimeout and clearTimeout per request): when it fires it
    // finds nothing, or a younger batch it waits for (due).
    if (this.pending.size === 0) this.since = 0;
    return ids;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.due, ms);
    this.timer.unref();
  }

  /** The timer: flushes a batch flushMs old, waits for a younger one, stops when there is none. */
  private readonly due = () => {
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const wait = this.since + this.flushMs - Date.now();
    if (wait > 0) this.arm(wait);
    else void this.flush();
  };

  /** Sends every queued release now (one pipelined write). Not failing: a lost release lapses. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    if (!this.up()) {
      this.pending.clear();
      return;
    }
    const channel = this.channel;
    if (channel?.up) {
      const sent = [...this.pending].map(
        ([set, ids]) =>
          new Promise<void>((done) => channel.send(command(['ZREM', set, ...ids]), () => done())),
      );
      this.pending.clear();
      await Promise.all(sent);
      return;
    }
    this.coalesce();
    const batch = this.redis.pipeline();
    for (const [set, ids] of this.pending) batch.zrem(set, ...ids);
    this.pending.clear();
    await batch.exec().catch(() => {});
  }

  get size(): number {
    let n = 0;
    for (const ids of this.pending.values()) n += ids.length;
    return n;
  }
}
