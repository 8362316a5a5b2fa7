// Device-flow sign-ins started from the admin API, as two steps: start() asks GitHub for a code and
// returns it at once; the gateway then polls GitHub in the background (runDeviceFlow: the interval
// GitHub asks for, slow_down, the code's expiry) and stores the account when it is granted. The UI
// polls get(id). Finished flows are forgotten after a while; close() aborts the open ones.
import { randomBytes } from 'node:crypto';
import { isGatewayError } from '../../errors/gateway-error.js';
import type { DeviceCode, GitHubApi } from '../../github/api.js';
import { runDeviceFlow } from '../../github/device-flow.js';
import { addAccount } from '../../github/sign-in/add-account.js';
import type { Account, AccountsRepo } from '../../store/accounts/types.js';
import type { Logger } from '../../util/log.js';

export type DeviceFlowStatus = 'pending' | 'done' | 'expired' | 'denied' | 'error';

export interface DeviceFlow {
  id: string;
  userCode: string;
  verificationUri: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Seconds between polls (grows on slow_down). */
  interval: number;
  status: DeviceFlowStatus;
  message?: string;
  account?: Account;
  added?: boolean;
  endedAt?: number;
}

export interface DeviceFlowOptions {
  label?: string;
  priority?: number;
  proxyUrl?: string;
}

export interface DeviceFlows {
  start(options: DeviceFlowOptions): Promise<DeviceFlow>;
  get(id: string): DeviceFlow | undefined;
  cancel(id: string): boolean;
  close(): void;
}

/** Flows waiting for the user at once (each polls GitHub): more is a client bug or abuse. */
export const MAX_PENDING_FLOWS = 10;
const FORGET_AFTER_MS = 10 * 60_000;

export class TooManyFlowsError extends Error {}

function statusOf(err: unknown): { status: DeviceFlowStatus; message: string } {
  const message = err instanceof Error ? err.message : String(err);
  const code = isGatewayError(err) ? err.code : undefined;
  // The flow's own messages name the CLI command; here the way out is a new sign-in.
  if (code === 'expired_token')
    return { status: 'expired', message: 'The code expired before it was entered; start the sign-in again' };
  if (code === 'access_denied')
    return {
      status: 'denied',
      message: 'The sign-in was cancelled on GitHub; start it again and choose Authorize',
    };
  return { status: 'error', message };
}

export function createDeviceFlows(deps: {
  api: GitHubApi;
  accounts: AccountsRepo;
  githubUrl: string;
  log: Logger;
  now?: () => number;
  /** The wait between polls (tests pass one that does not wait). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}): DeviceFlows {
  const now = deps.now ?? Date.now;
  const flows = new Map<string, { flow: DeviceFlow; abort: AbortController }>();

  function sweep(): void {
    const t = now();
    for (const [id, f] of flows)
      if (f.flow.endedAt !== undefined && t - f.flow.endedAt > FORGET_AFTER_MS) flows.delete(id);
  }

  function end(flow: DeviceFlow, status: DeviceFlowStatus, message?: string): void {
    if (flow.status !== 'pending') return;
    flow.status = status;
    flow.message = message;
    flow.endedAt = now();
  }

  return {
    async start(options) {
      sweep();
      const pending = [...flows.values()].filter((f) => f.flow.status === 'pending').length;
      if (pending >= MAX_PENDING_FLOWS) throw new TooManyFlowsError();
      const abort = new AbortController();
      let shown: (code: DeviceCode) => void = () => {};
      const code = new Promise<DeviceCode>((resolve) => {
        shown = resolve;
      });
      let flow: DeviceFlow | undefined;
      const token = runDeviceFlow({
        api: deps.api,
        signal: abort.signal,
        sleep: deps.sleep,
        now: deps.now,
        onCode: (c) => shown(c),
        onPoll: ({ interval }) => {
          if (flow) flow.interval = interval;
        },
      });
      // Until the code is shown, a failure is the caller's answer; afterwards the flow's status.
      const first = await Promise.race([code, token.then(() => undefined)]);
      if (!first) throw new Error('GitHub granted a token before showing a code');
      const id = `flow_${randomBytes(12).toString('base64url')}`;
      const started: DeviceFlow = {
        id,
        userCode: first.userCode,
        verificationUri: first.verificationUri,
        expiresAt: now() + first.expiresIn * 1000,
        interval: Math.max(1, first.interval || 5),
        status: 'pending',
      };
      flow = started;
      flows.set(id, { flow: started, abort });
      token
        .then((githubToken) =>
          addAccount(deps.api, deps.accounts, { token: githubToken, githubUrl: deps.githubUrl, ...options }),
        )
        .then(({ account, added }) => {
          if (started.status !== 'pending') return;
          started.account = account;
          started.added = added;
          end(started, 'done');
          deps.log.info(
            `account ${account.label} (${account.login}) ${added ? 'added' : 'signed in again'} by device flow`,
          );
        })
        .catch((err: unknown) => {
          if (abort.signal.aborted) return end(started, 'error', 'cancelled');
          const s = statusOf(err);
          end(started, s.status, s.message);
        });
      return started;
    },
    get(id) {
      sweep();
      return flows.get(id)?.flow;
    },
    cancel(id) {
      const f = flows.get(id);
      if (!f) return false;
      f.abort.abort(new Error('cancelled'));
      end(f.flow, 'error', 'cancelled');
      return true;
    },
    close() {
      for (const f of flows.values()) {
        f.abort.abort(new Error('the gateway is shutting down'));
        end(f.flow, 'error', 'the gateway stopped');
      }
    },
  };
}
