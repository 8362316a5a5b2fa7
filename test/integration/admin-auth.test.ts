// Admin sign-in over real sockets: first password only from a loopback socket, scrypt-checked
// logins limited per address, HttpOnly/SameSite=Strict session cookies (Secure behind HTTPS), CSRF
// on state changes, and the session standing in for an admin key on /usage and /token. Also the
// no-key rule: without keys only loopback sockets are served (unless --no-auth).
import { networkInterfaces } from 'node:os';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { rawRequest } from './raw-request.js';

/** A non-loopback address of this machine: connecting to it gives a non-loopback socket. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let stack: LocalStack;
let port: string;
const loop = () => `http://127.0.0.1:${port}`;
const remote = () => `http://${external}:${port}`;
const json = { 'content-type': 'application/json' };
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  stack = await startLocalStack({ settings: { host: external ? '0.0.0.0' : '127.0.0.1', showToken: true } });
  port = new URL(stack.url).port;
});
afterAll(async () => {
  await stack?.close();
});

describe.runIf(external)('before any key exists (non-loopback socket)', () => {
  it('serves only loopback clients, and never the first-password setup', async () => {
    const remoteClient = new OpenAI({ baseURL: `${remote()}/v1`, apiKey: 'x', maxRetries: 0 });
    const err = await remoteClient.chat.completions
      .create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((err as Error).message).toMatch(/no API keys yet.*keys create/);
    const state = await rawRequest(remote(), 'GET', '/admin/api/auth');
    expect(JSON.parse(state.body)).toMatchObject({ passwordSet: false, setupAllowed: false });
    // A forged X-Forwarded-For or Host does not make a socket loopback.
    const setup = await rawRequest(remote(), 'POST', '/admin/api/setup', {
      headers: { ...json, 'x-forwarded-for': '127.0.0.1', host: `localhost:${port}` },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(setup.status).toBe(403);
    expect(JSON.parse(setup.body).error.message).toMatch(/only from this machine/);
    expect((await rawRequest(remote(), 'GET', '/token')).status).toBe(403);
  });
});

describe('admin sign-in', () => {
  let cookie = '';
  let csrf = '';

  it('sets the first password from loopback only once, and signs in', async () => {
    expect(JSON.parse((await rawRequest(loop(), 'GET', '/admin/api/auth')).body)).toMatchObject({
      passwordSet: false,
      setupAllowed: true,
    });
    const short = await rawRequest(loop(), 'POST', '/admin/api/setup', {
      headers: json,
      body: JSON.stringify({ password: 'short' }),
    });
    expect(short.status).toBe(400);
    const forged = await rawRequest(loop(), 'POST', '/admin/api/setup', {
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: JSON.stringify({ password: 'attacker-password' }),
    });
    expect(forged.status).toBe(403);
    const res = await rawRequest(loop(), 'POST', '/admin/api/setup', {
      headers: json,
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/^gw_admin=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    cookie = set.split(';')[0];
    csrf = JSON.parse(res.body).csrfToken;
    const again = await rawRequest(loop(), 'POST', '/admin/api/setup', {
      headers: json,
      body: JSON.stringify({ password: 'another password' }),
    });
    expect(again.status).toBe(403);
    const state = JSON.parse(
      (await rawRequest(loop(), 'GET', '/admin/api/auth', { headers: { cookie } })).body,
    );
    expect(state).toMatchObject({ passwordSet: true, loggedIn: true, csrfToken: csrf });
    // Still no key, but a password now: loopback clients sign in for admin routes too.
    const anonymous = await rawRequest(loop(), 'GET', '/admin/api/keys');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).error.message).toMatch(/sign in/);
    expect((await rawRequest(loop(), 'GET', '/admin/api/keys', { headers: { cookie } })).status).toBe(200);
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const res = await rawRequest(loop(), 'POST', '/admin/api/login', {
      headers: { ...json, 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure$/);
  });

  it('lets the session read /usage and /token once keys exist; an admin key works for scripts', async () => {
    const { secret } = await stack.store.keys.create({ name: 'script', scopes: ['admin:read'] });
    expect((await rawRequest(loop(), 'GET', '/usage')).status).toBe(401);
    expect((await rawRequest(loop(), 'GET', '/usage', { headers: { cookie } })).status).toBe(200);
    expect((await rawRequest(loop(), 'GET', '/token', { headers: { cookie } })).status).toBe(200);
    const viaKey = await rawRequest(loop(), 'GET', '/usage', { headers: { 'x-api-key': secret } });
    expect(viaKey.status).toBe(200);
  });

  it('manages keys through the admin API (session + CSRF, or an admin:write key)', async () => {
    const body = JSON.stringify({ name: 'from-ui', models: ['gpt-*'], limits: { rpm: 10 } });
    const noCsrf = await rawRequest(loop(), 'POST', '/admin/api/keys', {
      headers: { ...json, cookie },
      body,
    });
    expect(noCsrf.status).toBe(403);
    const made = await rawRequest(loop(), 'POST', '/admin/api/keys', {
      headers: { ...json, cookie, 'x-csrf-token': csrf },
      body,
    });
    expect(made.status).toBe(201);
    const created = JSON.parse(made.body) as { id: string; key: string; limits: object };
    expect(created.limits).toEqual({ rpm: 10 });
    const client = new OpenAI({ baseURL: `${loop()}/v1`, apiKey: created.key, maxRetries: 0 });
    expect(
      (
        await client.chat.completions.create({
          model: 'gpt-4.1',
          messages: [{ role: 'user', content: 'hi' }],
        })
      ).choices.length,
    ).toBe(1);

    const listed = await rawRequest(loop(), 'GET', '/admin/api/keys', { headers: { cookie } });
    expect(listed.body).toContain('"from-ui"');
    expect(listed.body).not.toContain(created.key.slice(10));
    const bad = await rawRequest(loop(), 'POST', '/admin/api/keys', {
      headers: { ...json, cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ name: 'x', scopes: ['root'] }),
    });
    expect(bad.status).toBe(400);

    const { secret: ops } = await stack.store.keys.create({ name: 'ops-script', scopes: ['admin:write'] });
    const revoked = await rawRequest(loop(), 'POST', '/admin/api/keys/revoke', {
      headers: { ...json, authorization: `Bearer ${ops}` },
      body: JSON.stringify({ id: created.id }),
    });
    expect(revoked.status).toBe(200);
    expect(await client.models.list().catch((e: unknown) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
    const { secret: reader } = await stack.store.keys.create({
      name: 'reader-script',
      scopes: ['admin:read'],
    });
    const denied = await rawRequest(loop(), 'POST', '/admin/api/keys/revoke', {
      headers: { ...json, 'x-api-key': reader },
      body: JSON.stringify({ id: created.id }),
    });
    expect(denied.status).toBe(403);
  });

  it('needs the CSRF token to sign out', async () => {
    const without = await rawRequest(loop(), 'POST', '/admin/api/logout', { headers: { ...json, cookie } });
    expect(without.status).toBe(403);
    const res = await rawRequest(loop(), 'POST', '/admin/api/logout', {
      headers: { ...json, cookie, 'x-csrf-token': csrf },
    });
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await rawRequest(loop(), 'GET', '/usage', { headers: { cookie } })).status).toBe(401);
  });

  it('limits failed logins per address', async () => {
    const login = (base: string, password: string) =>
      rawRequest(base, 'POST', '/admin/api/login', { headers: json, body: JSON.stringify({ password }) });
    for (let i = 0; i < 5; i++) expect((await login(loop(), 'wrong password!')).status).toBe(401);
    const locked = await login(loop(), PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    if (external) expect((await login(remote(), PASSWORD)).status).toBe(200);
  });
});
