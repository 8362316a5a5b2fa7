// What the request guard and the account pool ask of the gateway's limits, whoever counts them:
// this process alone (local.ts, the default) or every instance together through Redis
// (redis-limits.ts, with --redis-url). One interface, so the guard does not know which.
import type { OutcomeSubscriber } from '../gateway/pipeline/outcome.js';
import type { KeyLimits } from '../store/keys.js';
import type { Cancellation } from '../util/cancellation.js';

/** The key a request authenticated with, as far as its limits go. */
export interface LimitedKey {
  id: string;
  name: string;
  limits: KeyLimits;
}

export interface AdmitRequest {
  key?: LimitedKey;
  /** Also take the global `--rate-limit` slot (false when --manual asks a person first). */
  pace: boolean;
  cancel: Cancellation;
}

/** An account's cooldown or failure, as one instance tells the others. */
export interface AccountStateMessage {
  accountId: string;
  /** Epoch ms; 0 with `cleared`. */
  until: number;
  reason?: string;
  failing?: boolean;
  /** The account answered again: its cooldown is over. */
  cleared?: boolean;
}

/** Cooldowns and failures shared by every instance (absent without Redis). */
export interface AccountStateChannel {
  publish(message: AccountStateMessage): void;
  /** Called for every message of another instance, and with the current states on (re)connect. */
  subscribe(listener: (message: AccountStateMessage) => void): void;
}

export type LimitsReadiness = {
  ok: boolean;
  configured: boolean;
  shared?: boolean;
  error?: string;
};

export interface GatewayLimits {
  /** "redis": shared by every instance on that Redis (while it answers); "local": this process. */
  readonly mode: 'local' | 'redis';
  /**
   * Budgets (daily/monthly credits), rpm, concurrency, tpm of the key, then the global pacer:
   * admitted (the returned release gives back the concurrency slot) or a 429 GatewayError.
   */
  admit(req: AdmitRequest): Promise<() => void>;
  /** The global `--rate-limit` slot alone (after a --manual approval). */
  pace(cancel: Cancellation): Promise<void>;
  /** Outcome subscribers that charge tokens and credits to the counters. */
  readonly subscribers: OutcomeSubscriber[];
  readonly accountStates?: AccountStateChannel;
  readiness(): Promise<LimitsReadiness>;
  /** Connects (Redis) and seeds counters; call before serving. */
  start(): Promise<void>;
  close(): Promise<void>;
}
