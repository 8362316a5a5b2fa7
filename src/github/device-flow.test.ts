import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDENTITY } from '../config/settings.js';
import { type Emulator, type DeviceFlowOptions as EmulatorFlow, startEmulator } from '../emulator/index.js';
import { GatewayError } from '../errors/gateway-error.js';
import { silentLogger } from '../util/log.js';
import { createGitHubApi, type DeviceCode } from './api.js';
import { COPILOT_CLIENT_ID, runDeviceFlow } from './device-flow.js';
import { githubApiUrlFor } from './urls.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Runs the flow against an emulator; sleeps are recorded, not waited for. */
async function flow(deviceFlow: EmulatorFlow) {
  emulator = await startEmulator({ githubTokens: ['ghu_granted_token'], deviceFlow });
  const api = createGitHubApi({
    githubUrl: emulator.githubUrl,
    githubApiUrl: githubApiUrlFor(emulator.githubUrl),
    identity: DEFAULT_IDENTITY,
    log: silentLogger(),
  });
  const sleeps: number[] = [];
  const codes: DeviceCode[] = [];
  const result = await runDeviceFlow({
    api,
    clientId: COPILOT_CLIENT_ID,
    onCode: (c) => codes.push(c),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  }).then(
    (token) => ({ token, error: undefined }),
    (error: unknown) => ({ token: undefined, error }),
  );
  const polls = emulator.requests.filter((r) => r.path === '/login/oauth/access_token');
  return { ...result, sleeps, codes, polls };
}

describe('runDeviceFlow end to end', () => {
  it('shows the code, polls while pending at the interval, and returns the token', async () => {
    const r = await flow({ pendingPolls: 2, interval: 3 });
    expect(r.token).toBe('ghu_granted_token');
    expect(r.codes).toHaveLength(1);
    expect(r.codes[0].userCode).toBe('ABCD-1234');
    expect(r.codes[0].verificationUri).toContain('/login/device');
    expect(r.sleeps).toEqual([3000, 3000, 3000]);
    expect(r.polls).toHaveLength(3);
    const body = r.polls[0].body as Record<string, string>;
    expect(body.client_id).toBe('Iv1.b507a08c87ecfe98');
    expect(body.grant_type).toBe('urn:ietf:params:oauth:grant-type:device_code');
    const start = emulator?.requests.find((q) => q.path === '/login/device/code');
    expect(start?.body).toMatchObject({ client_id: 'Iv1.b507a08c87ecfe98', scope: 'read:user' });
  });

  it('slows down to the interval GitHub sends on slow_down', async () => {
    const r = await flow({ pendingPolls: 1, interval: 2, slowDownOnPoll: [1] });
    expect(r.token).toBe('ghu_granted_token');
    // 2 s, then slow_down → the server's new interval of 7 s for every later poll.
    expect(r.sleeps).toEqual([2000, 7000, 7000]);
  });

  it('reports an expired code clearly', async () => {
    const r = await flow({ pendingPolls: 1, interval: 1, outcome: 'expired_token' });
    expect(r.error).toBeInstanceOf(GatewayError);
    expect((r.error as Error).message).toMatch(/device code expired/);
    expect((r.error as Error).message).toContain('copilot-gateway auth');
  });

  it('reports a denied login clearly', async () => {
    const r = await flow({ pendingPolls: 0, interval: 1, outcome: 'access_denied' });
    expect((r.error as Error).message).toMatch(/cancelled on GitHub \(access denied\)/);
  });

  it('gives up at the code lifetime instead of polling forever', async () => {
    const r = await flow({ pendingPolls: 1000, interval: 5, expiresIn: 20 });
    expect((r.error as GatewayError).code).toBe('expired_token');
    expect(r.sleeps).toEqual([5000, 5000, 5000, 5000]);
    expect(r.polls).toHaveLength(4);
  });
});

describe('runDeviceFlow without a server', () => {
  const code: DeviceCode = {
    deviceCode: 'd',
    userCode: 'U-1',
    verificationUri: 'v',
    expiresIn: 900,
    interval: 5,
  };

  it('adds 5 s on slow_down when no interval is sent', async () => {
    const answers = [{ kind: 'slow_down' as const }, { kind: 'granted' as const, accessToken: 'ghu_x' }];
    const sleeps: number[] = [];
    const token = await runDeviceFlow({
      api: { startDeviceFlow: async () => code, pollDeviceFlow: async () => answers.shift()! },
      onCode: () => {},
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(token).toBe('ghu_x');
    expect(sleeps).toEqual([5000, 10000]);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    const p = runDeviceFlow({
      api: { startDeviceFlow: async () => code, pollDeviceFlow: async () => ({ kind: 'pending' }) },
      onCode: () => ac.abort(new Error('user pressed Ctrl+C')),
      signal: ac.signal,
    });
    await expect(p).rejects.toThrow('user pressed Ctrl+C');
  });
});
