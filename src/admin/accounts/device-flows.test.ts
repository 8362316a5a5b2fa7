import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevicePollResult, GitHubApi } from '../../github/api.js';
import { openSqliteStateStore } from '../../store/sqlite/state-store.js';
import type { StateStore } from '../../store/state-store.js';
import { silentLogger } from '../../util/log.js';
import { createDeviceFlows, MAX_PENDING_FLOWS, TooManyFlowsError } from './device-flows.js';

const stores: { store: StateStore; dir: string }[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) {
    await s.store.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});

function setup(polls: DevicePollResult[], options: { hold?: Promise<void> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cgw-flow-'));
  const store = openSqliteStateStore(dir);
  stores.push({ store, dir });
  const slept: number[] = [];
  let clock = 1_000_000;
  const api = {
    startDeviceFlow: async () => ({
      deviceCode: 'dc',
      userCode: 'WXYZ-0000',
      verificationUri: 'https://github.example/login/device',
      expiresIn: 900,
      interval: 5,
    }),
    pollDeviceFlow: async () => polls.shift() ?? { kind: 'pending' },
    getCopilotToken: async () => ({ token: 'tid=x', expiresAt: 0, refreshIn: 1500, raw: {} }),
    getUser: async () => ({ login: 'mona' }),
  } as unknown as GitHubApi;
  const flows = createDeviceFlows({
    api,
    accounts: store.accounts,
    githubUrl: 'https://github.example',
    log: silentLogger(),
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
      await options.hold;
    },
  });
  return { flows, slept, store };
}

async function settled(flows: ReturnType<typeof createDeviceFlows>, id: string) {
  for (let i = 0; i < 100 && flows.get(id)?.status === 'pending'; i++)
    await new Promise((r) => setImmediate(r));
  return flows.get(id);
}

describe('device flows of the admin API', () => {
  it('polls at the interval GitHub asks for, slows down when told, and stores the account', async () => {
    const { flows, slept, store } = setup([
      { kind: 'pending' },
      { kind: 'slow_down', interval: 10 },
      { kind: 'granted', accessToken: 'ghu_granted' },
    ]);
    const flow = await flows.start({ label: 'mona', priority: 3 });
    expect(flow).toMatchObject({ status: 'pending', userCode: 'WXYZ-0000', interval: 5 });
    const done = await settled(flows, flow.id);
    expect(slept).toEqual([5000, 5000, 10000]);
    expect(done).toMatchObject({
      status: 'done',
      added: true,
      account: { login: 'mona', label: 'mona', priority: 3 },
    });
    expect(await store.accounts.token(done?.account?.id ?? '')).toBe('ghu_granted');
  });

  it('ends as error when GitHub fails, and can be cancelled; at most a few wait at once', async () => {
    const failing = setup([{ kind: 'error', error: 'device_flow_disabled' }]);
    const f = await failing.flows.start({});
    expect(await settled(failing.flows, f.id)).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/disabled/),
    });

    let release: () => void = () => {};
    const hold = new Promise<void>((r) => {
      release = r;
    });
    const waiting = setup([], { hold });
    const started = [];
    for (let i = 0; i < MAX_PENDING_FLOWS; i++) started.push(await waiting.flows.start({}));
    await expect(waiting.flows.start({})).rejects.toBeInstanceOf(TooManyFlowsError);
    expect(waiting.flows.cancel(started[0].id)).toBe(true);
    expect(waiting.flows.get(started[0].id)).toMatchObject({ status: 'error', message: 'cancelled' });
    waiting.flows.close();
    release();
    expect(waiting.flows.get(started[1].id)?.status).toBe('error');
  });
});
