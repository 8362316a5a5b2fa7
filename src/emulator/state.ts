// Everything one emulator instance owns, passed to both servers (no module-level state).
import type { BillingLedger } from './billing.js';
import type { Catalogue } from './catalogue.js';
import type { FaultStore } from './faults.js';
import type { QuotaState } from './quota.js';
import type { AccountPlan, TokenStore } from './tokens.js';
import type { DeviceFlowOptions, EmulatorStats, LoggedRequest } from './types.js';

export interface EmulatorState {
  githubTokens: string[];
  login: string;
  plan: AccountPlan;
  deviceFlow: Required<Omit<DeviceFlowOptions, 'slowDownOnPoll'>> & { slowDownOnPoll: number[] };
  strictInitiator: boolean;
  strictBetas: boolean;
  responsesIdQuirk: boolean;
  catalogue: Catalogue;
  tokens: TokenStore;
  quota: QuotaState;
  /** AI Credits billed per answer (served by the billing API). */
  billing: BillingLedger;
  /** OAuth scopes of the GitHub tokens (the billing API needs `user`). */
  tokenScopes: string[];
  faults: FaultStore;
  requests: LoggedRequest[];
  stats: EmulatorStats;
  /** Set once the copilot server listens. */
  copilotUrl: string;
  /** Aborted by close(): pending fault timers end at once. */
  signal: AbortSignal;
}

export const REQUEST_LOG_MAX = 5000;
