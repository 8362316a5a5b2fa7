// Admission control: how many client requests may be talking to Copilot at once. A request takes
// its slot when it first reaches the upstream client and gives it back when the request ends (the
// response finished or the client went away), so requests still sending their body, waiting on a
// slow header, counting tokens locally or answered from the catalogue take none: 64 half-sent
// requests can no longer lock everyone out. One slot per request, however many upstream calls it
// makes (retries, fallbacks).
import { GatewayError } from '../errors/gateway-error.js';
import type { Cancellation } from '../util/cancellation.js';

export class Admission {
  private inUse = 0;
  private readonly holders = new WeakSet<Cancellation>();

  constructor(readonly max: number) {}

  /** Requests holding a slot now. */
  get inflight(): number {
    return this.inUse;
  }

  /** Takes a slot for the request `owner` (once per request); a retryable 503 when none is free. */
  admit(owner: Cancellation): void {
    if (this.holders.has(owner) || owner.ended) return;
    if (this.inUse >= this.max) {
      throw new GatewayError(
        'overloaded',
        `The gateway is at its concurrency limit (${this.max} requests talking to Copilot); retry shortly, or raise maxConcurrent in config.json`,
        { retryAfter: 1 },
      );
    }
    this.inUse++;
    this.holders.add(owner);
    owner.onEnd(() => {
      this.inUse--;
    });
  }
}
