import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { asAny } from './test-support.js';
import type { EmulatorOptions } from './types.js';

const CLIENT_ID = 'Iv1.b507a08c87ecfe98';
const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
let emu: Emulator | undefined;

async function start(opts: EmulatorOptions = {}) {
  emu = await startEmulator(opts);
  return emu;
}

afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const json = { accept: 'application/json', 'content-type': 'application/json' };

/** The /login/device/code answer. */
interface DeviceCodeBody {
  device_code: string;
  user_code: string;
  verification_uri: string;
  expires_in: number;
  interval: number;
}

async function deviceCode(e: Emulator): Promise<DeviceCodeBody> {
  const r = await fetch(`${e.githubUrl}/login/device/code`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ client_id: CLIENT_ID, scope: 'read:user' }),
  });
  expect(r.status).toBe(200);
  return (await r.json()) as DeviceCodeBody;
}

async function poll(e: Emulator, device_code: string, headers: Record<string, string> = json) {
  return fetch(`${e.githubUrl}/login/oauth/access_token`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ client_id: CLIENT_ID, device_code, grant_type: GRANT }),
  });
}

describe('device flow', () => {
  it('answers pending, slow_down with a larger interval, then the token', async () => {
    const e = await start({ deviceFlow: { pendingPolls: 2, slowDownOnPoll: [2], interval: 1 } });
    const dc = await deviceCode(e);
    expect(dc).toMatchObject({
      user_code: 'ABCD-1234',
      verification_uri: 'https://github.com/login/device',
      interval: 1,
    });
    expect(e.stats.deviceCodes).toBe(1);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await (await poll(e, dc.device_code)).json().then(asAny));
    expect(answers[0].error).toBe('authorization_pending');
    expect(answers[0].error_description).toBe('The authorization request is still pending.');
    expect(answers[1]).toMatchObject({ error: 'slow_down', interval: 6 });
    expect(answers[2].error).toBe('authorization_pending');
    expect(answers[3]).toEqual({
      access_token: 'ghu_emulator_token',
      token_type: 'bearer',
      scope: 'read:user',
    });
  });

  it('reports access_denied and expired_token outcomes as HTTP 200', async () => {
    for (const outcome of ['access_denied', 'expired_token'] as const) {
      const e = await start({ deviceFlow: { pendingPolls: 0, outcome } });
      const dc = await deviceCode(e);
      const r = await poll(e, dc.device_code);
      expect(r.status).toBe(200);
      expect((await r.json().then(asAny)).error).toBe(outcome);
      await e.close();
      emu = undefined;
    }
  });

  it('rejects an unknown device code and a wrong grant type', async () => {
    const e = await start();
    expect((await (await poll(e, 'nope')).json().then(asAny)).error).toBe('incorrect_device_code');
    const r = await fetch(`${e.githubUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ client_id: CLIENT_ID, device_code: 'x', grant_type: 'password' }),
    });
    expect((await r.json().then(asAny)).error).toBe('unsupported_grant_type');
  });

  it('answers form-urlencoded without Accept: application/json', async () => {
    const e = await start({ deviceFlow: { pendingPolls: 0 } });
    const dc = await deviceCode(e);
    const r = await poll(e, dc.device_code, { 'content-type': 'application/json' });
    expect(r.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    const form = new URLSearchParams(await r.text());
    expect(form.get('access_token')).toBe('ghu_emulator_token');
    expect(form.get('token_type')).toBe('bearer');
  });
});

describe('user and token exchange', () => {
  it('serves /user with token or Bearer auth, 401 otherwise', async () => {
    const e = await start({ login: 'mona' });
    for (const auth of ['token ghu_emulator_token', 'Bearer ghu_emulator_token']) {
      const r = await fetch(`${e.githubUrl}/user`, { headers: { authorization: auth } });
      expect(await r.json().then(asAny)).toMatchObject({ login: 'mona' });
    }
    const bad = await fetch(`${e.githubUrl}/user`, { headers: { authorization: 'token wrong' } });
    expect(bad.status).toBe(401);
    expect(await bad.json().then(asAny)).toMatchObject({ message: 'Bad credentials', status: '401' });
  });

  it('exchanges a GitHub token for a Copilot token at / and under /api/v3', async () => {
    const e = await start({ tokenTtlSec: 600 });
    for (const prefix of ['', '/api/v3']) {
      const r = await fetch(`${e.githubUrl}${prefix}/copilot_internal/v2/token`, {
        headers: { authorization: 'token ghu_emulator_token', accept: 'application/json' },
      });
      expect(r.status).toBe(200);
      const t = await r.json().then(asAny);
      expect(t.token).toMatch(
        /^tid=[0-9a-f]+;exp=\d+;sku=plus_monthly_subscriber_quota;proxy-ep=127\.0\.0\.1:\d+;.*:[0-9a-f]{64}$/,
      );
      expect(t.refresh_in).toBe(300);
      expect(t.expires_at - Math.floor(Date.now() / 1000)).toBeGreaterThan(500);
      expect(t.endpoints.api).toBe(e.copilotUrl);
      // The issued token is accepted by the Copilot server.
      const m = await fetch(`${e.copilotUrl}/models`, {
        headers: { authorization: `Bearer ${t.token}`, 'editor-version': 'vscode/1.104.3' },
      });
      expect(m.status).toBe(200);
    }
    expect(e.stats.tokenExchanges).toBe(2);
    const bad = await fetch(`${e.githubUrl}/copilot_internal/v2/token`, {
      headers: { authorization: 'token x' },
    });
    expect(bad.status).toBe(401);
    expect(e.stats.tokenExchanges).toBe(2);
  });

  it('varies sku and usage by account plan', async () => {
    const e = await start({ accountPlan: 'business' });
    const t = await (
      await fetch(`${e.githubUrl}/copilot_internal/v2/token`, {
        headers: { authorization: 'token ghu_emulator_token' },
      })
    )
      .json()
      .then(asAny);
    expect(t.sku).toBe('copilot_for_business_seat_quota');
    expect(t.individual).toBe(false);
    const u = await (
      await fetch(`${e.githubUrl}/api/v3/copilot_internal/user`, {
        headers: { authorization: 'token ghu_emulator_token' },
      })
    )
      .json()
      .then(asAny);
    expect(u.copilot_plan).toBe('business');
    expect(u.quota_snapshots.premium_interactions).toMatchObject({ entitlement: 300, unlimited: false });
    expect(u.quota_snapshots.chat.unlimited).toBe(true);
    expect(u.quota_reset_date).toMatch(/^\d{4}-\d{2}-01$/);
  });

  it('logs GitHub requests with lower-cased headers', async () => {
    const e = await start();
    await fetch(`${e.githubUrl}/user?x=1`, { headers: { Authorization: 'token ghu_emulator_token' } });
    const last = e.requests.at(-1)!;
    expect(last).toMatchObject({ server: 'github', method: 'GET', path: '/user', query: 'x=1' });
    expect(last.headers.authorization).toBe('token ghu_emulator_token');
  });
});
