// The admin UI's files as the gateway serves them, over a real socket: index.html (no-cache) for
// /admin and every client route, hashed assets cached for a year, a strict CSP everywhere, 404 for
// missing or malformed asset names, /admin/api/* never answered with the page, and a clear 503
// when the UI was not built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { rawRequest } from './raw-request.js';

const INDEX =
  '<!doctype html><title>admin</title><script type="module" src="/admin/assets/index-AbC123.js"></script>';
const JS = 'console.log("admin")';
let root: string;
let built: LocalStack;
let bare: LocalStack;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cgw-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'index-AbC123.js'), JS);
  writeFileSync(join(root, 'secret.txt'), 'not an asset');
  [built, bare] = await Promise.all([
    startLocalStack({ deps: { webRoot: root } }),
    startLocalStack({ deps: { webRoot: join(root, 'missing') } }),
  ]);
});
afterAll(async () => {
  await Promise.all([built?.close(), bare?.close()]);
  rmSync(root, { recursive: true, force: true });
});

function expectSecurityHeaders(headers: Record<string, string | string[] | undefined>) {
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
}

describe('the admin UI files', () => {
  it('serves index.html, never cached, at /admin and at every client route', async () => {
    for (const path of ['/admin', '/admin/', '/admin/usage', '/admin/keys/', '/admin/some/deep-route']) {
      const r = await rawRequest(built.url, 'GET', path);
      expect(r.status, path).toBe(200);
      expect(r.body).toBe(INDEX);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-cache');
      expectSecurityHeaders(r.headers);
    }
  });

  it('serves a hashed asset as immutable for a year, with its type', async () => {
    const r = await rawRequest(built.url, 'GET', '/admin/assets/index-AbC123.js');
    expect(r.status).toBe(200);
    expect(r.body).toBe(JS);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(r.headers);
  });

  it('answers 404 for a missing asset, a path outside assets/ and an unknown type', async () => {
    for (const path of [
      '/admin/assets/index-Missing.js',
      '/admin/assets/..%2Fsecret.txt',
      '/admin/assets/../secret.txt',
      '/admin/assets/index-AbC123.exe',
    ]) {
      const r = await rawRequest(built.url, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('not an asset');
      expect(String(r.headers['cache-control'])).not.toContain('immutable');
    }
  });

  it('never answers /admin/api/* with the page: unknown API paths stay JSON 404s', async () => {
    const r = await rawRequest(built.url, 'GET', '/admin/api/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body).error.message).toMatch(/No route/);
  });

  it('refuses a cross-site page load of the UI (a framing or link-driven attack)', async () => {
    const r = await rawRequest(built.url, 'GET', '/admin', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(r.status).toBe(403);
  });

  it('says how to build the UI when dist/web is missing', async () => {
    const r = await rawRequest(bare.url, 'GET', '/admin/accounts');
    expect(r.status).toBe(503);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toMatch(/not built.*npm run build/);
    expect((await rawRequest(bare.url, 'GET', '/admin/assets/index-AbC123.js')).status).toBe(404);
  });
});
