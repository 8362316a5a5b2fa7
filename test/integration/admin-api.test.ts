// The admin API over real sockets against the emulator: the dashboard, accounts (token, device flow
// against the emulator's GitHub, change, reorder, remove, seen by the running pool), usage after
// real `openai` SDK requests, the OpenAPI document, and the refusals (no session, no CSRF, a
// non-admin key, a cross-site Origin) and validation errors.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternOf } from '../../src/admin/api/register.js';
import { ADMIN_ROUTES } from '../../src/admin/routes.js';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { buildRouter } from '../../src/gateway/app.js';
import { rawRequest } from './raw-request.js';

const FIRST = 'ghu_admin_first';
const SECOND = 'ghu_admin_second';
const PASSWORD = 'correct horse battery';

let stack: LocalStack;
let adminKey = '';
let inferenceKey = '';
let keyId = '';
let cookie = '';
let csrf = '';

type Reply = {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: admin API replies, read loosely in assertions
  json: any;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

async function call(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; as?: 'key' | 'session' | 'none' } = {},
): Promise<Reply> {
  const auth =
    options.as === 'none'
      ? {}
      : options.as === 'session'
        ? { cookie, 'x-csrf-token': csrf }
        : { authorization: `Bearer ${adminKey}` };
  const res = await rawRequest(stack.url, method, path, {
    headers: {
      ...auth,
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { ...res, json };
}

beforeAll(async () => {
  stack = await startLocalStack({
    emulator: {
      users: [
        { token: FIRST, login: 'octocat' },
        { token: SECOND, login: 'hubot' },
      ],
      // The device flow grants the first user's token after one pending poll, 1 s apart.
      deviceFlow: { interval: 1, pendingPolls: 1 },
    },
    accounts: [{ token: SECOND, label: 'hubot' }],
  });
  const setup = await call('POST', '/admin/api/setup', { body: { password: PASSWORD }, as: 'none' });
  expect(setup.status).toBe(200);
  cookie = String(setup.headers['set-cookie']).split(';')[0];
  csrf = setup.json.csrfToken;
  adminKey = (await stack.store.keys.create({ name: 'admin-script', scopes: ['admin:write'] })).secret;
  const app = await stack.store.keys.create({ name: 'app' });
  inferenceKey = app.secret;
  keyId = app.key.id;
});
afterAll(async () => {
  await stack?.close();
});

describe('refusals', () => {
  it('needs a session or an admin key, the CSRF token for changes, and a same-site browser', async () => {
    const none = await call('GET', '/admin/api/status', { as: 'none' });
    expect(none.status).toBe(401);
    const inference = await call('GET', '/admin/api/accounts', {
      headers: { authorization: `Bearer ${inferenceKey}` },
      as: 'none',
    });
    expect(inference.status).toBe(403);
    const noCsrf = await call('POST', '/admin/api/accounts/reorder', {
      as: 'none',
      headers: { cookie },
      body: { ids: ['x'] },
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error.message).toMatch(/csrf/i);
    const crossSite = await call('DELETE', '/admin/api/accounts/whatever', {
      as: 'session',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect((await call('GET', '/admin/api/status', { as: 'session' })).status).toBe(200);
  });
});

describe('status', () => {
  it('shows version, uptime, health and each account', async () => {
    const res = await call('GET', '/admin/api/status');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      health: 'ok',
      version: expect.any(String),
      inflight: expect.any(Number),
    });
    expect(res.json.uptimeSec).toBeGreaterThanOrEqual(0);
    expect(res.json.accounts).toEqual([
      expect.objectContaining({ login: 'hubot', state: 'active', enabled: true }),
    ]);
    expect(res.json.lastHour).toMatchObject({ requests: expect.any(Number), errors: expect.any(Number) });
  });
});

describe('accounts', () => {
  let hubot = '';
  let octocat = '';

  it('lists accounts without secrets', async () => {
    const res = await call('GET', '/admin/api/accounts');
    expect(res.status).toBe(200);
    expect(res.json.accounts).toHaveLength(1);
    hubot = res.json.accounts[0].id;
    expect(res.json.accounts[0]).toMatchObject({
      label: 'hubot',
      kind: 'oauth',
      state: 'active',
      priority: 0,
    });
    expect(res.body).not.toContain(SECOND);
    // The copilot_internal/user quota the usage services fetch on their schedule.
    await stack.gateway.ctx.usage.quota.refresh();
    const quota = (await call('GET', '/admin/api/accounts')).json.accounts[0].quota;
    expect(quota.snapshots.premium_interactions).toMatchObject({
      entitlement: expect.any(Number),
      unlimited: false,
    });
    expect(quota.fetchedAt).toEqual(expect.any(Number));
  });

  it('refuses bad input with the field to fix', async () => {
    const bad = await call('POST', '/admin/api/accounts', { body: { token: '', proxyUrl: 'ftp://x' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/token/);
    expect(bad.json.error.message).toMatch(/proxyUrl: expected an http\(s\) URL/);
    const extra = await call('PATCH', `/admin/api/accounts/${hubot}`, { body: { enabld: true } });
    expect(extra.status).toBe(400);
    expect(extra.json.error.message).toMatch(/unknown field "enabld"/);
    const rejected = await call('POST', '/admin/api/accounts', { body: { token: 'ghu_not_a_user' } });
    expect(rejected.status).toBe(400);
    expect(rejected.json.error.code).toBe('token_rejected');
    const missing = await call('DELETE', '/admin/api/accounts/acct_nope');
    expect(missing.status).toBe(404);
    const notJson = await call('POST', '/admin/api/accounts/device', {
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
  });

  it('signs an account in by device flow, polled until done', async () => {
    const start = await call('POST', '/admin/api/accounts/device', { body: { label: 'octo', priority: 5 } });
    expect(start.status).toBe(201);
    expect(start.json).toMatchObject({
      flowId: expect.stringMatching(/^flow_/),
      userCode: 'ABCD-1234',
      verificationUri: expect.stringContaining('/login/device'),
      interval: 1,
    });
    expect(start.json.expiresAt).toBeGreaterThan(Date.now());
    let state = (await call('GET', `/admin/api/accounts/device/${start.json.flowId}`)).json;
    expect(state.status).toBe('pending');
    while (state.status === 'pending') {
      await new Promise((r) => setTimeout(r, 250));
      state = (await call('GET', `/admin/api/accounts/device/${start.json.flowId}`)).json;
    }
    expect(state).toMatchObject({
      status: 'done',
      added: true,
      account: { login: 'octocat', label: 'octo', priority: 5 },
    });
    octocat = state.account.id;
    expect((await call('GET', '/admin/api/accounts/device/flow_unknown')).status).toBe(404);
  });

  it('changes, reorders and removes accounts; the running pool follows at once', async () => {
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: inferenceKey, maxRetries: 0 });
    const ask = () =>
      client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] });
    const served = () => stack.emulator.requests.filter((r) => r.path === '/chat/completions').length;
    // hubot (priority 0) serves first; after reorder, octocat does.
    const reorder = await call('POST', '/admin/api/accounts/reorder', { body: { ids: [octocat, hubot] } });
    expect(reorder.status).toBe(200);
    expect(reorder.json.accounts.map((a: { id: string }) => a.id)).toEqual([octocat, hubot]);
    const before = served();
    await ask();
    expect(served()).toBe(before + 1);
    const viaOcto = (await call('GET', '/admin/api/usage/log?limit=1')).json.rows[0];
    expect(viaOcto.accountId).toBe(octocat);

    const partial = await call('POST', '/admin/api/accounts/reorder', { body: { ids: [octocat] } });
    expect(partial.status).toBe(400);
    expect(partial.json.error.message).toMatch(/missing/);

    const off = await call('PATCH', `/admin/api/accounts/${octocat}`, {
      body: { enabled: false, proxyUrl: 'http://127.0.0.1:9' },
    });
    expect(off.status).toBe(200);
    expect(off.json.account).toMatchObject({
      enabled: false,
      state: 'disabled',
      proxyUrl: 'http://127.0.0.1:9',
    });
    await ask();
    expect((await call('GET', '/admin/api/usage/log?limit=1')).json.rows[0].accountId).toBe(hubot);
    const cleared = await call('PATCH', `/admin/api/accounts/${octocat}`, {
      body: { proxyUrl: null, enabled: true },
    });
    expect(cleared.json.account.proxyUrl).toBeUndefined();

    const removed = await call('DELETE', `/admin/api/accounts/${octocat}`, { as: 'session' });
    expect(removed.status).toBe(200);
    expect((await call('GET', '/admin/api/accounts')).json.accounts.map((a: { id: string }) => a.id)).toEqual(
      [hubot],
    );
  });

  it('adds an account from a token', async () => {
    const res = await call('POST', '/admin/api/accounts', { body: { token: FIRST, label: 'octo2' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ added: true, account: { login: 'octocat', label: 'octo2' } });
    const again = await call('POST', '/admin/api/accounts', { body: { token: FIRST } });
    expect(again.status).toBe(200);
    expect(again.json.added).toBe(false);
    const taken = await call('POST', '/admin/api/accounts', { body: { token: FIRST, label: 'hubot' } });
    expect(taken.status).toBe(409);
  });
});

describe('usage', () => {
  it('counts real SDK requests in the summary, breakdown, log and CSV', async () => {
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: inferenceKey, maxRetries: 0 });
    const from = Date.now();
    const totals = async () =>
      (await call('GET', `/admin/api/usage/summary?bucket=hour&from=${from}`)).json.totals;
    const before = await totals();
    for (let i = 0; i < 3; i++)
      await client.chat.completions.create({
        model: 'gpt-5-mini',
        messages: [{ role: 'user', content: `n${i}` }],
      });
    await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })
      .catch(() => {});

    const summary = await call('GET', `/admin/api/usage/summary?bucket=hour&from=${from}`);
    expect(summary.status).toBe(200);
    // Every request is in the log, admin calls included: the four SDK calls and the first summary.
    expect(summary.json.totals.requests - before.requests).toBe(5);
    expect(summary.json.totals.errors - before.errors).toBe(1);
    expect(summary.json.totals.inputTokens).toBeGreaterThan(before.inputTokens);
    expect(summary.json.totals.credits).toBe(summary.json.totals.nanoAiu / 1e9);
    // inference=true leaves the admin API's own calls out: exactly the four SDK calls.
    const inference = await call('GET', `/admin/api/usage/summary?bucket=hour&from=${from}&inference=true`);
    expect(inference.json.totals).toMatchObject({ requests: 4, errors: 1 });
    const lastHour = (await call('GET', '/admin/api/status')).json.lastHour;
    const adminCalls = await call('GET', `/admin/api/usage/log?from=${from}&inference=true&limit=100`);
    expect(adminCalls.json.rows.every((r: { ingress: string }) => r.ingress !== 'other')).toBe(true);
    expect(lastHour.requests).toBeGreaterThanOrEqual(4);
    expect(summary.json.buckets.reduce((n: number, b: { requests: number }) => n + b.requests, 0)).toBe(
      summary.json.totals.requests,
    );

    const byModel = await call('GET', '/admin/api/usage/breakdown?by=model');
    expect(
      byModel.json.groups.find((g: { group: string }) => g.group === 'gpt-5-mini').requests,
    ).toBeGreaterThanOrEqual(3);
    // By day and by key too, inference=true leaves the admin calls out (they carry no key).
    const byKey = async (q: string) =>
      Object.fromEntries(
        (await call('GET', `/admin/api/usage/breakdown?by=key&from=${from}${q}`)).json.groups.map(
          (g: { group: string; requests: number }) => [g.group, g.requests],
        ),
      );
    expect((await byKey(''))['']).toBeGreaterThan(0);
    const inferenceByKey = await byKey('&inference=true');
    expect(Object.keys(inferenceByKey)).toEqual([keyId]);
    expect(inferenceByKey[keyId]).toBeGreaterThanOrEqual(4);
    const dayTotals = async (q: string) =>
      (await call('GET', `/admin/api/usage/summary?bucket=day&from=${from}${q}`)).json.totals.requests;
    // Every inference request of this test carries the key: the day totals are its count.
    expect(await dayTotals('&inference=true')).toBe(inferenceByKey[keyId]);
    expect(await dayTotals('')).toBeGreaterThan(inferenceByKey[keyId]);

    const errors = await call('GET', `/admin/api/usage/log?from=${from}&status=error&key=${keyId}`);
    expect(errors.json.rows).toHaveLength(1);
    expect(errors.json.rows[0]).toMatchObject({ status: 400, requestedModel: 'no-such-model' });

    const page1 = await call('GET', `/admin/api/usage/log?from=${from}&status=ok&limit=2&key=${keyId}`);
    expect(page1.json.rows).toHaveLength(2);
    expect(page1.json.nextCursor).toEqual(expect.any(String));
    const page2 = await call(
      'GET',
      `/admin/api/usage/log?from=${from}&status=ok&limit=2&key=${keyId}&cursor=${page1.json.nextCursor}`,
    );
    expect(page2.json.rows).toHaveLength(1);
    expect(page2.json.nextCursor).toBeNull();

    const csv = await call('GET', `/admin/api/usage/export.csv?from=${from}&model=gpt-5-mini`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^time,trace_id/);
    expect(lines).toHaveLength(4);

    const bad = await call('GET', '/admin/api/usage/log?status=teapot&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/status/);
    expect(bad.json.error.message).toMatch(/limit/);
    const unknown = await call('GET', '/admin/api/usage/summary?bucket=minute');
    expect(unknown.status).toBe(400);
  });
});

describe('openapi', () => {
  it('documents every admin route the router serves', async () => {
    const res = await call('GET', '/admin/api/openapi.json', { as: 'none' });
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    for (const route of ADMIN_ROUTES)
      expect(res.json.paths[route.path]?.[route.method.toLowerCase()]).toBeDefined();
    // And nothing under /admin/api is in the router without a declaration, hence a document entry.
    const documented = new Set(
      Object.entries(res.json.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${patternOf(path).pattern.source}`),
      ),
    );
    const adminPattern = patternOf('/admin/api/').pattern.source.slice(0, -1);
    const registered = buildRouter()
      .list()
      .map((r) => `${r.method} ${r.path ? patternOf(r.path).pattern.source : r.pattern?.source}`)
      .filter((key) => key.split(' ')[1].startsWith(adminPattern));
    expect(registered).toHaveLength(ADMIN_ROUTES.length);
    for (const key of registered) expect(documented).toContain(key);
    // Every route in the list is served (not a 404) by the running gateway.
    for (const route of ADMIN_ROUTES) {
      const path = route.path.replace(/\{\w+\}/g, 'x');
      const r = await call(route.method, path, { as: 'none' });
      expect(r.status, `${route.method} ${path}`).not.toBe(404);
    }
    expect(
      res.json.paths['/admin/api/accounts'].post.requestBody.content['application/json'].schema.properties
        .token,
    ).toBeDefined();
  });
});

describe('models', () => {
  it("shows each account's catalogue with endpoints, price and each protocol's route", async () => {
    const res = await call('GET', '/admin/api/models');
    expect(res.status).toBe(200);
    expect(res.json.accounts.length).toBeGreaterThan(0);
    const models = res.json.accounts[0].models as {
      id: string;
      supportedEndpoints: string[];
      price: unknown;
      routes: Record<string, { endpoint?: string; passthrough?: boolean; error?: string }>;
    }[];
    const mini = models.find((m) => m.id === 'gpt-5-mini');
    expect(mini).toBeDefined();
    expect(mini?.supportedEndpoints.length).toBeGreaterThan(0);
    // The planner's own answer: Responses goes native when the model lists /responses.
    if (mini?.supportedEndpoints.includes('/responses'))
      expect(mini.routes['openai-responses']).toEqual({ endpoint: '/responses', passthrough: true });
    expect(Object.keys(mini?.routes ?? {}).sort()).toEqual([
      'anthropic',
      'gemini',
      'openai-chat',
      'openai-responses',
    ]);
    const embedding = models.find((m) => m.routes['openai-chat'].error);
    if (embedding) expect(embedding.routes['openai-chat'].error).toMatch(/embeddings/);
    expect(models.some((m) => m.price === null) || models.every((m) => m.price !== undefined)).toBe(true);
    expect(res.json).toMatchObject({ mappings: {}, smallModel: null });
  });

  it('edits mappings and smallModel; a mapped name works on the next SDK request', async () => {
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: inferenceKey, maxRetries: 0 });
    const ask = () =>
      client.chat.completions.create({ model: 'house-model', messages: [{ role: 'user', content: 'hi' }] });
    await expect(ask()).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const put = await call('PUT', '/admin/api/models/mappings', {
      body: { mappings: { 'house-model': 'gpt-5-mini' } },
    });
    expect(put.status).toBe(200);
    expect(put.json.mappings).toEqual({ 'house-model': 'gpt-5-mini' });
    const answer = await ask();
    expect(answer.model).toMatch(/gpt-5-mini/);
    const small = await call('PUT', '/admin/api/models/small-model', { body: { smallModel: 'gpt-5-mini' } });
    expect(small.json).toEqual({ smallModel: 'gpt-5-mini' });
    const unknown = await call('PUT', '/admin/api/models/small-model', { body: { smallModel: 'nope' } });
    expect(unknown.status).toBe(400);
    const cleared = await call('PUT', '/admin/api/models/mappings', { body: { mappings: {} } });
    expect(cleared.json.mappings).toEqual({});
    await expect(ask()).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await call('PUT', '/admin/api/models/small-model', { body: { smallModel: null } });
  });
});

describe('settings', () => {
  it('round-trips config.json keeping comments, applies live settings, hides secrets', async () => {
    const file = join(stack.dataDir, 'config.json');
    writeFileSync(
      file,
      '// the operator wrote this\n{\n  "heartbeatMs": 20000,\n  "retry": {\n    // few retries: a slow network\n    "maxAttempts": 3\n  }\n}\n',
    );
    const got = await call('GET', '/admin/api/settings');
    expect(got.status).toBe(200);
    expect(got.json.file).toEqual({ heartbeatMs: 20000, retry: { maxAttempts: 3 } });
    expect(got.json.apply).toMatchObject({ retry: 'live', timeouts: 'restart', modelMapping: 'live' });
    expect(got.json.schema.properties.retry).toBeDefined();

    const put = await call('PUT', '/admin/api/settings', {
      body: {
        retry: { maxAttempts: 1 },
        heartbeatMs: null,
        anthropicApiKey: 'sk-ant-secret',
        identity: { editorVersion: 'vscode/9.9.9' },
        timeouts: { connectMs: 5000 },
      },
      as: 'session',
    });
    expect(put.status).toBe(200);
    expect(put.json.applied.sort()).toEqual(['anthropicApiKey', 'heartbeatMs', 'identity', 'retry']);
    expect(put.json.restartRequired).toEqual(['timeouts']);
    expect(put.json.effective.timeouts.connectMs).not.toBe(5000);
    expect(put.json.file.timeouts.connectMs).toBe(5000);
    expect(put.json.secrets.anthropicApiKey).toBe(true);
    expect(JSON.stringify(put.json)).not.toContain('sk-ant-secret');
    expect(stack.gateway.ctx.settings.retry.maxAttempts).toBe(1);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('// the operator wrote this');
    expect(text).toContain('// few retries: a slow network');
    expect(text).not.toContain('heartbeatMs');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // Live: with maxAttempts 1, a 503 from Copilot is not retried any more.
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'status', status: 503 },
    });
    const before = stack.emulator.requests.length;
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: inferenceKey, maxRetries: 0 });
    await expect(
      client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(stack.emulator.requests.length - before).toBe(1);
    stack.emulator.clearFaults();
    // Live too: the identity headers Copilot sees.
    await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(stack.emulator.requests.at(-1)?.headers['editor-version']).toBe('vscode/9.9.9');

    const bad = await call('PUT', '/admin/api/settings', {
      body: { retry: { maxAttempts: 99 }, heartbeatMS: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/retry\.maxAttempts/);
    expect(bad.json.error.message).toMatch(/heartbeatMS/);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const noCsrf = await call('PUT', '/admin/api/settings', { body: {}, as: 'none', headers: { cookie } });
    expect(noCsrf.status).toBe(403);
  });
});

describe('keys', () => {
  it('creates a key shown once, limits its models, and revokes it; the SDK sees each change', async () => {
    const created = await call('POST', '/admin/api/keys', {
      body: { name: 'from-admin', models: ['gpt-5-*'] },
    });
    expect(created.status).toBe(201);
    const secret: string = created.json.key;
    expect(secret).toMatch(/^cgw_/);
    expect((await call('GET', '/admin/api/keys')).body).not.toContain(secret);
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: secret, maxRetries: 0 });
    const ask = () =>
      client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] });
    await ask();
    const limited = await call('PATCH', `/admin/api/keys/${created.json.id}`, {
      body: { models: ['claude-*'], limits: { rpm: 100 } },
      as: 'session',
    });
    expect(limited.status).toBe(200);
    expect(limited.json).toMatchObject({ models: ['claude-*'], limits: { rpm: 100 } });
    await expect(ask()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    const empty = await call('PATCH', `/admin/api/keys/${created.json.id}`, { body: {} });
    expect(empty.status).toBe(400);
    const past = await call('PATCH', `/admin/api/keys/${created.json.id}`, { body: { expiresAt: 1 } });
    expect(past.status).toBe(400);
    const revoked = await call('POST', '/admin/api/keys/revoke', { body: { id: created.json.id } });
    expect(revoked.json.revokedAt).toEqual(expect.any(Number));
    await expect(ask()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect((await call('PATCH', `/admin/api/keys/${created.json.id}`, { body: { models: [] } })).status).toBe(
      404,
    );
  });
});

describe('device flow endings', () => {
  for (const [outcome, status] of [
    ['access_denied', 'denied'],
    ['expired_token', 'expired'],
  ] as const) {
    it(`reports ${status} when GitHub answers ${outcome}`, async () => {
      const other = await startLocalStack({
        emulator: { deviceFlow: { interval: 1, pendingPolls: 0, outcome } },
      });
      try {
        const post = await rawRequest(other.url, 'POST', '/admin/api/accounts/device', {
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(post.status).toBe(201);
        const { flowId } = JSON.parse(post.body);
        let state = { status: 'pending', message: '' };
        while (state.status === 'pending') {
          await new Promise((r) => setTimeout(r, 250));
          state = JSON.parse(
            (await rawRequest(other.url, 'GET', `/admin/api/accounts/device/${flowId}`)).body,
          );
        }
        expect(state.status).toBe(status);
        expect(state.message).toMatch(/again/);
        const accounts = JSON.parse(
          (await rawRequest(other.url, 'GET', '/admin/api/accounts')).body,
        ).accounts;
        expect(accounts).toHaveLength(1);
      } finally {
        await other.close();
      }
    });
  }
});

describe('dashboard under limits', () => {
  it('shows an account cooling down until T with the reason, and the gateway degraded', async () => {
    await call('POST', '/admin/api/accounts', { body: { token: FIRST } });
    const accounts = (await call('GET', '/admin/api/accounts')).json.accounts as {
      id: string;
      login: string;
    }[];
    expect(accounts).toHaveLength(2);
    const first = accounts[0];
    stack.emulator.limitUser(first.login, 'weekly', 7200);
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: inferenceKey, maxRetries: 0 });
    await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const status = (await call('GET', '/admin/api/status')).json;
    expect(status.health).toBe('degraded');
    const cooling = status.accounts.find((a: { id: string }) => a.id === first.id);
    expect(cooling).toMatchObject({ state: 'cooling', reason: expect.stringMatching(/weekly/) });
    expect(cooling.cooldownUntil).toBeGreaterThan(Date.now() + 3600_000);
    stack.emulator.resetUser(first.login);
  });
});
