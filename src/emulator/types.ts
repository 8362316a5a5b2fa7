import type { EmulatorLimitKind, EmulatorUserOptions } from './users.js';

export type { EmulatorLimitKind, EmulatorUserOptions };

// Public contract of the emulator. Other engineers code against exactly these shapes.
import type { CopilotFailure } from './faults-copilot.js';

export type { CopilotFailure };

export interface DeviceFlowOptions {
  /** How many polls answer `authorization_pending` before the outcome (default 1). */
  pendingPolls?: number;
  /** 1-based poll numbers that answer `slow_down` (interval grows by 5 s each time). */
  slowDownOnPoll?: number[];
  /** Seconds the client should wait between polls (default 5, like GitHub). */
  interval?: number;
  /** Device code lifetime in seconds (default 900). */
  expiresIn?: number;
  outcome?: 'grant' | 'access_denied' | 'expired_token';
}

export interface EmulatorOptions {
  host?: string;
  githubPort?: number;
  copilotPort?: number;
  /** GitHub tokens of the one default user (ignored when `users` is given). */
  githubTokens?: string[];
  login?: string;
  /** Several users, each with its own token, plan, models, quota and limits. */
  users?: EmulatorUserOptions[];
  tokenTtlSec?: number;
  deviceFlow?: DeviceFlowOptions;
  models?: unknown[];
  accountPlan?: 'individual' | 'business' | 'enterprise';
  /** OAuth scopes of the GitHub tokens (default read:user); the billing API needs `user`. */
  githubTokenScopes?: string[];
  strictInitiator?: boolean;
  /** Unknown `anthropic-beta` values on /v1/messages → 400 (default true). */
  strictBetas?: boolean;
  /** [1x] item ids differ between `output_item.added` and `.done` on /responses (default false). */
  responsesIdQuirk?: boolean;
  /**
   * Claude models stream their tool-call deltas on /chat/completions in a second choice
   * (`index: 1`, no finish_reason) while `finish_reason` arrives on choice 0 (default true).
   */
  splitStreamChoices?: boolean;
  /** The default user's /models without endpoint metadata (see EmulatorUserOptions). */
  hideEndpointMetadata?: boolean | 'misdirected';
  /**
   * Over a model's `max_prompt_tokens`, answer 400 like Copilot (default true). Turn off for tests
   * that legitimately send more (e.g. a 2 MB echo); also `POST /_emulator/settings`.
   */
  enforcePromptLimits?: boolean;
}

export interface LoggedRequest {
  server: 'github' | 'copilot';
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when it is not JSON (undefined when empty). */
  body: unknown;
  at: number;
}

export type FaultKind =
  | { kind: 'status'; status: number; body?: string | object; headers?: Record<string, string> }
  | { kind: 'expired-token' }
  | { kind: 'cut-stream'; afterEvents: number }
  | { kind: 'slow-stream'; delayMs: number }
  | { kind: 'silent'; silenceMs: number; afterEvents?: number }
  | { kind: 'delay-headers'; delayMs: number }
  | { kind: 'drop-connection' }
  /** One of Copilot's own failures by name (faults-copilot.ts), e.g. `client-version` (466). */
  | { kind: 'copilot-failure'; failure: CopilotFailure };

export interface FaultRule {
  match?: { path?: string; model?: string; server?: 'github' | 'copilot' };
  /** How many requests the rule applies to (default 1). */
  times?: number;
  fault: FaultKind;
}

export interface EmulatorStats {
  tokenExchanges: number;
  deviceCodes: number;
}

export interface Emulator {
  githubUrl: string;
  copilotUrl: string;
  requests: LoggedRequest[];
  stats: EmulatorStats;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  issueCopilotToken(): string;
  /** Puts a user (login or GitHub token) over a limit for `resetInSec` (default 3600). */
  limitUser(who: string, kind: EmulatorLimitKind, resetInSec?: number): void;
  /** Clears a user's limits. */
  resetUser(who: string): void;
  /** Inference requests a user's tokens made. */
  userRequests(who: string): number;
  /** Turns the prompt-limit check on or off at run time. */
  setPromptLimits(enforce: boolean): void;
  close(): Promise<void>;
}
