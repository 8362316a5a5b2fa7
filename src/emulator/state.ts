// Everything one emulator instance owns, passed to both servers (no module-level state).
import type { Catalogue } from './catalogue.js';
import type { FaultStore } from './faults.js';
import type { AccountPlan, TokenStore } from './tokens.js';
import type { DeviceFlowOptions, EmulatorStats, LoggedRequest } from './types.js';
import type { EmulatorUser, UserDirectory } from './users.js';

export interface EmulatorState {
  /** Every user; the first one answers the device flow. */
  users: UserDirectory;
  plan: AccountPlan;
  deviceFlow: Required<Omit<DeviceFlowOptions, 'slowDownOnPoll'>> & { slowDownOnPoll: number[] };
  strictInitiator: boolean;
  strictBetas: boolean;
  responsesIdQuirk: boolean;
  /** Claude tool calls streamed on /chat/completions in choice 1 (the stream form of split choices). */
  splitStreamChoices: boolean;
  /** Over max_prompt_tokens → 400 (Copilot's behaviour); switchable for oversized-body tests. */
  enforcePromptLimits: boolean;
  catalogue: Catalogue;
  tokens: TokenStore<EmulatorUser>;
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
