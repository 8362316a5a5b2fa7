// What finished requests cost (tokens for a key with a tpm limit, credits for every key), sent to
// Redis in batches rather than one script call per request: charges add up here, per key and
// counter, until whichever comes first:
// - the flush, `flushMs` after the first charge of a batch: ONE script call for every counter of
//   the batch (the other instances see the spend at most flushMs plus a round trip later), or
// - an admission of a key whose own limits read these counters (tpm, credit budgets): its
//   charges go out first, in the same write (RedisLink.coalesce), so this instance judges its own
//   spend at once, as it did when every charge had its own call.
// A batch for a Redis that is away is dropped, like a lone charge was (the local limits, which
// judge while Redis is away, keep their own count).
import type { Redis } from 'ioredis';
import { command, RedisReplyError, type RespChannel, sha1 } from './resp-channel.js';
import { CHARGE_LUA } from './scripts.js';

const CHARGE_SHA = sha1(CHARGE_LUA);

/** The counters a key's charge moves (Redis key names). */
export interface ChargeCounters {
  tpm: string;
  day: string;
  month: string;
}

/** ...and by how much. */
interface Pending extends ChargeCounters {
  tokens: number;
  nano: number;
}

export interface ChargeCommands {
  /** KEYS: tpm, day, month per charge; ARGV: day ttl s, month ttl s, then tokens, nano per charge. */
  cgwCharge(...args: (string | number)[]): Promise<number>;
}

export class ChargeBatch {
  /** Key id → its charges by day number (a request that started yesterday charges yesterday). */
  private readonly pending = new Map<string, Map<number, Pending>>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis & ChargeCommands,
    private readonly flushMs: number,
    private readonly ttl: { daySec: number; monthSec: number },
    /** Whether Redis answers; `coalesce` joins the write of this event-loop turn. */
    private readonly link: { readonly up: boolean; coalesce(): void; failed(err: Error): void },
    /** The counters' names, made once per key and day of a batch (not once per charge). */
    private readonly counters: (keyId: string, day: number, month: number) => ChargeCounters,
    /**
     * The admissions' lean connection, when it is up: the batch goes there, so an admission that
     * flushes its key's charges first is judged after them (one connection keeps the order).
     */
    private readonly channel?: RespChannel,
  ) {}

  add(keyId: string, day: number, month: number, tokens: number, nano: number): void {
    let byDay = this.pending.get(keyId);
    if (!byDay) {
      byDay = new Map();
      this.pending.set(keyId, byDay);
    }
    const p = byDay.get(day);
    if (p) {
      p.tokens += tokens;
      p.nano += nano;
    } else {
      const c = this.counters(keyId, day, month);
      byDay.set(day, { tpm: c.tpm, day: c.day, month: c.month, tokens, nano });
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Whether charges of this key wait here. */
  has(keyId: string): boolean {
    return this.pending.has(keyId);
  }

  /** Sends every pending charge now (one script call); not failing: a lost batch is dropped. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return Promise.resolve();
    const batch = [...this.pending.values()].flatMap((byDay) => [...byDay.values()]);
    this.pending.clear();
    if (!this.link.up) return Promise.resolve();
    const keys: string[] = [];
    const amounts: number[] = [];
    for (const p of batch) {
      keys.push(p.tpm, p.day, p.month);
      amounts.push(Math.max(0, Math.round(p.tokens)), Math.max(0, Math.round(p.nano)));
    }
    const channel = this.channel;
    if (channel?.up) {
      const args = [
        CHARGE_SHA,
        String(keys.length),
        ...keys,
        String(this.ttl.daySec),
        String(this.ttl.monthSec),
      ];
      for (const a of amounts) args.push(String(a));
      return new Promise<void>((done) => {
        channel.send(command(['EVALSHA', ...args]), (err) => {
          if (!err) return done();
          if (!(err instanceof RedisReplyError && err.message.startsWith('NOSCRIPT'))) {
            this.link.failed(err);
            return done();
          }
          // Redis forgot the script (SCRIPT FLUSH): this batch through ioredis, which loads it.
          channel.reload();
          this.viaLink(keys, amounts).then(done);
        });
      });
    }
    return this.viaLink(keys, amounts);
  }

  private viaLink(keys: string[], amounts: number[]): Promise<void> {
    this.link.coalesce();
    return this.redis.cgwCharge(keys.length, ...keys, this.ttl.daySec, this.ttl.monthSec, ...amounts).then(
      () => {},
      (err: Error) => this.link.failed(err),
    );
  }

  get size(): number {
    let n = 0;
    for (const byDay of this.pending.values()) n += byDay.size;
    return n;
  }
}
