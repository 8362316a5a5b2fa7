// Admissions taken from Redis ahead of the requests that use them, for a key whose limits are far
// from reached: one admit script grants this instance up to `want` requests per minute (entries
// written into the key's rpm window at once) and `want` concurrency slots (leases in its
// concurrency set), and the next requests of the key on this instance use them without a round
// trip. Nothing is admitted that Redis did not count first, so the limits are never exceeded
// across instances; what an instance holds unused is counted as taken for the others, for a
// short while and a small share of the limit:
// - a grant is at most 1/8 of what is left of the limit (the admit script), so near the
//   limit admissions go one at a time again, each judged by Redis;
// - tokens (rpm) are usable for `lifeMs` after the grant; the window holds them as if used at the
//   end of that life (conservative), and the unused ones are given back when it ends;
// - slots (concurrency) a finished request leaves are kept for the key's next request for at most
//   `idleMs`, and at most limit/8 of them; the rest go back as before (LeaseReleases).
// Keys with a credit budget or a tpm (whose counters move with every answer), small limits
// (POOL_MIN_RPM, POOL_MIN_CONCURRENT) and requests that take the global pacer are judged one by
// one, as before.

/** Smallest rpm and concurrency limits whose admissions are pooled. */
export const POOL_MIN_RPM = 64;
export const POOL_MIN_CONCURRENT = 16;
/** Most admissions one grant asks for. */
export const MAX_WANT = 64;

export interface PoolLimits {
  rpm?: number;
  concurrent?: number;
  tpm?: number;
  dailyCredits?: number;
  monthlyCredits?: number;
}

/** Whether a key's admissions may be pooled (see the header). */
export function poolable(l: PoolLimits): boolean {
  if (l.tpm !== undefined || l.dailyCredits !== undefined || l.monthlyCredits !== undefined) return false;
  if (l.rpm === undefined && l.concurrent === undefined) return false;
  return (
    (l.rpm === undefined || l.rpm >= POOL_MIN_RPM) &&
    (l.concurrent === undefined || l.concurrent >= POOL_MIN_CONCURRENT)
  );
}

/** Tokens of one grant: ids `${base}.${next}` … `${base}.${end}` are unused, until `expires`. */
interface TokenGrant {
  base: string;
  next: number;
  end: number;
  expires: number;
}

/** A concurrency slot this instance holds and no request uses, since `since`. */
interface IdleSlot {
  id: string;
  since: number;
}

export interface AllowanceHooks {
  /** Gives an unused rpm entry back (ZREM from the key's rpm window, batched). */
  returnToken(id: string): void;
  /** Gives a concurrency slot back (no longer held or renewed; ZREM batched). */
  releaseSlot(id: string): void;
}

/** What one key's requests on this instance hold in advance. */
export class Allowance {
  private readonly grants: TokenGrant[] = [];
  /** Most recently freed last: a request takes the warmest, the sweep frees the oldest. */
  private readonly idle: IdleSlot[] = [];
  /** How many admissions the next grant asks for: doubles when a grant is used up, halves when one
   * ends unused. */
  want = 4;

  constructor(
    readonly hasRpm: boolean,
    readonly hasSlots: boolean,
    private readonly maxIdle: number,
    private readonly lifeMs: number,
    private readonly idleMs: number,
    private readonly hooks: AllowanceHooks,
  ) {}

  /**
   * One pooled admission, or undefined when the pool cannot cover the request (then the caller
   * asks Redis). The returned string is the concurrency slot's id ('' without a concurrency limit).
   */
  take(now: number): string | undefined {
    let grant: TokenGrant | undefined;
    if (this.hasRpm) {
      grant = this.grants[0];
      while (grant && (grant.expires <= now || grant.next > grant.end)) {
        this.retire(grant, now);
        grant = this.grants[0];
      }
      if (!grant) return undefined;
    }
    if (this.hasSlots && this.idle.length === 0) return undefined;
    if (grant) grant.next++;
    return this.hasSlots ? (this.idle.pop() as IdleSlot).id : '';
  }

  /** What the script granted beyond the one the asking request uses (ids `${base}.2` …). */
  add(base: string, tokens: number, slots: number, sentAt: number): void {
    // Asked for more than the last grant: the pool was empty again.
    if (this.want < MAX_WANT) this.want = Math.min(MAX_WANT, this.want * 2);
    if (tokens > 1) this.grants.push({ base, next: 2, end: tokens, expires: sentAt + this.lifeMs });
    for (let i = 2; i <= slots; i++) this.giveBack(`${base}.${i}`, sentAt);
  }

  /** A finished request's slot: kept for the key's next request, or released. */
  giveBack(id: string, now: number): void {
    if (this.idle.length >= this.maxIdle) this.hooks.releaseSlot(id);
    else this.idle.push({ id, since: now });
  }

  /** Gives back what has not been used in time; whether anything is left to sweep later. */
  sweep(now: number): boolean {
    while (this.grants.length > 0) {
      const g = this.grants[0] as TokenGrant;
      if (g.expires > now && g.next <= g.end) break;
      this.retire(g, now);
    }
    let n = 0;
    while (n < this.idle.length && (this.idle[n] as IdleSlot).since + this.idleMs <= now) n++;
    for (const slot of this.idle.splice(0, n)) this.hooks.releaseSlot(slot.id);
    return this.grants.length > 0 || this.idle.length > 0;
  }

  /** Everything back (closing), or dropped (Redis came back, maybe empty: `returnAll` false). */
  reset(returnAll: boolean): void {
    for (const g of this.grants.splice(0))
      if (returnAll) for (let i = g.next; i <= g.end; i++) this.hooks.returnToken(`${g.base}.${i}`);
    for (const slot of this.idle.splice(0)) this.hooks.releaseSlot(slot.id);
  }

  private retire(g: TokenGrant, now: number): void {
    this.grants.shift();
    if (g.next > g.end) return;
    // Ended unused: ask for less next time, and give the rest back now.
    if (g.expires <= now) this.want = Math.max(1, this.want >> 1);
    for (let i = g.next; i <= g.end; i++) this.hooks.returnToken(`${g.base}.${i}`);
  }

  /** Tokens and idle slots held (tests). */
  get held(): { tokens: number; slots: number } {
    let tokens = 0;
    for (const g of this.grants) tokens += g.end - g.next + 1;
    return { tokens, slots: this.idle.length };
  }
}
