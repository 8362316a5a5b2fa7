// The GitHub OAuth device flow (RFC 8628) as the Copilot editors run it: show a code, poll at the
// interval GitHub asks for, slow down when told, give up at the code's expiry. Sleep and clock are
// injectable so tests run without waiting.
import { GatewayError } from '../errors/gateway-error.js';
import type { DeviceCode, GitHubApi } from './api.js';

/** The Copilot GitHub App; its tokens (ghu_) are accepted by the Copilot token exchange. */
export const COPILOT_CLIENT_ID = 'Iv1.b507a08c87ecfe98';

export interface DeviceFlowOptions {
  api: Pick<GitHubApi, 'startDeviceFlow' | 'pollDeviceFlow'>;
  clientId?: string;
  scope?: string;
  /** Shows the code to the user. */
  onCode: (code: DeviceCode) => void;
  /** Called before each wait (for a "still waiting" indicator); `interval` in seconds. */
  onPoll?: (info: { attempt: number; interval: number }) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  signal?: AbortSignal;
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs the flow to the end; resolves with the GitHub OAuth access token. */
export async function runDeviceFlow(options: DeviceFlowOptions): Promise<string> {
  const clientId = options.clientId ?? COPILOT_CLIENT_ID;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const { api, signal } = options;

  const code = await api.startDeviceFlow(clientId, { scope: options.scope, signal });
  options.onCode(code);

  const deadline = now() + code.expiresIn * 1000;
  // RFC 8628 §3.5: never poll faster than the interval; 5 s when the server gives none.
  let interval = Math.max(1, code.interval || 5);
  // Slept time also counts towards the deadline, so an injected sleep still ends the loop.
  let slept = 0;
  for (let attempt = 1; ; attempt++) {
    if (now() + interval * 1000 > deadline || slept + interval > code.expiresIn) throw expired();
    options.onPoll?.({ attempt, interval });
    await sleep(interval * 1000, signal);
    slept += interval;
    if (signal?.aborted) throw signal.reason;

    const result = await api.pollDeviceFlow(clientId, code.deviceCode, { signal });
    switch (result.kind) {
      case 'granted':
        return result.accessToken;
      case 'pending':
        break;
      case 'slow_down':
        // GitHub sends the new interval (already +5); RFC 8628 says add 5 s when it does not.
        interval =
          result.interval !== undefined && result.interval > interval ? result.interval : interval + 5;
        break;
      case 'error':
        throw flowError(result.error, result.description);
    }
  }
}

function expired(): GatewayError {
  return new GatewayError(
    'authentication',
    'The device code expired before it was entered. Run `copilot-gateway auth` again and enter the new code.',
    { code: 'expired_token', retryable: false },
  );
}

function flowError(error: string, description?: string): GatewayError {
  if (error === 'expired_token') return expired();
  if (error === 'access_denied') {
    return new GatewayError(
      'authentication',
      'The login was cancelled on GitHub (access denied). Run `copilot-gateway auth` again and choose Authorize.',
      { code: error, retryable: false },
    );
  }
  if (error === 'device_flow_disabled') {
    return new GatewayError(
      'authentication',
      'Device login is disabled for this GitHub app or server. Pass a token with --github-token or GH_TOKEN instead.',
      { code: error, retryable: false },
    );
  }
  return new GatewayError(
    'authentication',
    `GitHub device login failed: ${description ?? error} (${error})`,
    {
      code: error,
      retryable: false,
    },
  );
}
