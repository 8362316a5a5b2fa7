// Rate limits. Everything is decided synchronously in one turn of the event loop (check and
// record together), so two requests can never both take the last slot.
// - UpstreamPacer: the global `--rate-limit <s>` minimum interval between requests to Copilot;
//   without `--wait` a request that comes too early is refused with retry-after, with `--wait`
//   it reserves the next free slot and waits for it (so waiters go in arrival order).
// - KeyLimiter: per-key requests per minute (sliding window), concurrent requests and tokens per
//   minute (tokens are charged when an answer's usage is known).
import { GatewayError } from '../../errors/gateway-error.js';
import type { KeyLimits } from '../../store/keys.js';
import type { Cancellation } from '../../util/cancellation.js';

const MINUTE = 60_000;

export class UpstreamPacer {
  private next = 0;
  constructor(
    private readonly intervalMs: number,
    private readonly wait: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** The 429 of a request that came `waitMs` too early (also the shared pacer's, in Redis). */
  refusal(waitMs: number): GatewayError {
    return new GatewayError(
      'rate_limit',
      `The gateway sends at most one request every ${this.intervalMs / 1000} s to Copilot (--rate-limit); retry after the delay, or start it with --wait to queue requests`,
      { retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) },
    );
  }

  /** Resolves when the request may go upstream; rejects with a 429 when it may not wait. */
  async admit(cancel: Cancellation): Promise<void> {
    const now = this.now();
    if (now >= this.next) {
      this.next = now + this.intervalMs;
      return;
    }
    if (!this.wait) throw this.refusal(this.next - now);
    const slot = this.next;
    this.next = slot + this.intervalMs;
    await new Promise<void>((resolve, reject) => {
      const off = cancel.onAbort((err) => {
        clearTimeout(timer);
        reject(err);
      });
      const timer = setTimeout(() => {
        off();
        resolve();
      }, slot - now);
    });
  }
}

interface KeyWindow {
  starts: number[];
  tokens: { at: number; n: number }[];
  inflight: number;
  /** Whether the key has a tokens-per-minute limit (only then are its answers charged). */
  metered: boolean;
}

export class KeyLimiter {
  private readonly windows = new Map<string, KeyWindow>();
  constructor(private readonly now: () => number = Date.now) {}

  private window(id: string): KeyWindow {
    let w = this.windows.get(id);
    if (!w) {
      w = { starts: [], tokens: [], inflight: 0, metered: false };
      this.windows.set(id, w);
    }
    return w;
  }

  /** Admits one request of the key, or throws a 429 naming the limit; returns the release. */
  admit(key: { id: string; name: string; limits: KeyLimits }): () => void {
    const { rpm, concurrent, tpm } = key.limits;
    if (rpm === undefined && concurrent === undefined && tpm === undefined) return noop;
    const now = this.now();
    const w = this.window(key.id);
    if (concurrent !== undefined && w.inflight >= concurrent)
      throw limitError(key.name, `${concurrent} concurrent requests`, 1);
    if (rpm !== undefined) {
      drop(w.starts, (t) => t <= now - MINUTE);
      if (w.starts.length >= rpm)
        throw limitError(key.name, `${rpm} requests per minute`, (w.starts[0] + MINUTE - now) / 1000);
    }
    if (tpm !== undefined) {
      w.metered = true;
      drop(w.tokens, (t) => t.at <= now - MINUTE);
      let used = 0;
      for (const t of w.tokens) used += t.n;
      if (used >= tpm)
        throw limitError(key.name, `${tpm} tokens per minute`, (w.tokens[0].at + MINUTE - now) / 1000);
    }
    return this.hold(w, rpm !== undefined, now);
  }

  /**
   * Records a request admitted elsewhere (the shared Redis limits) without judging it, so this
   * instance's own windows are current if it has to judge alone (Redis unreachable).
   */
  record(key: { id: string; limits: KeyLimits }): () => void {
    const { rpm, concurrent, tpm } = key.limits;
    if (rpm === undefined && concurrent === undefined && tpm === undefined) return noop;
    const w = this.window(key.id);
    if (tpm !== undefined) w.metered = true;
    return this.hold(w, rpm !== undefined, this.now());
  }

  private hold(w: KeyWindow, countStart: boolean, now: number): () => void {
    if (countStart) w.starts.push(now);
    w.inflight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      w.inflight--;
    };
  }

  /** Counts the tokens of a finished answer against the key's tokens-per-minute (a key without
   * one, or never admitted, is not tracked). */
  charge(keyId: string, tokens: number): void {
    const w = this.windows.get(keyId);
    if (!w?.metered || !(tokens > 0)) return;
    const now = this.now();
    drop(w.tokens, (t) => t.at <= now - MINUTE);
    w.tokens.push({ at: now, n: tokens });
  }
}

function noop(): void {}

function drop<T>(list: T[], old: (t: T) => boolean): void {
  let i = 0;
  while (i < list.length && old(list[i] as T)) i++;
  if (i > 0) list.splice(0, i);
}

export function limitError(name: string, limit: string, retryAfterSec: number): GatewayError {
  return new GatewayError(
    'rate_limit',
    `The API key "${name}" is limited to ${limit}; retry after the delay, or raise the key's limit`,
    { retryAfter: Math.max(1, Math.ceil(retryAfterSec)), code: 'key_rate_limited' },
  );
}
