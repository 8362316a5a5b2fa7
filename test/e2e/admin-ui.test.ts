// The admin UI end to end in a real Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) against a gateway on the emulator: first-run setup, the first account added by
// the device flow, its models, a key created and used with the openai SDK, that request in the
// usage log (and 10,000 log rows scrolled through the virtual list), the key revoked (the SDK then
// gets 401), a forged cross-site admin request refused, sign-out. Screenshots of every page at
// desktop and 360 px go to artifacts/screenshots/ (CI leaves them there for review).
// Without Chromium this test FAILS (it does not skip): `.ci/run` installs it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import OpenAI from 'openai';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import type { UsageRow } from '../../src/usage/log/types.js';
import { buildWeb } from '../web/build-web.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = resolve(import.meta.dirname, '../../artifacts/screenshots');
const PASSWORD = 'correct horse battery staple';
const MODEL = 'gpt-5-mini';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 760 };

let webRoot: string;
let profile: string;
let stack: LocalStack;
let context: BrowserContext;
let page: Page;
let attacker: Server;
let secret = '';

async function shoot(name: string): Promise<void> {
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['360', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(SHOTS, `${name}-${label}.png`), fullPage: true });
    // Usable at 360 px: nothing makes the page itself scroll sideways (wide tables scroll inside
    // their own box).
    const wide = await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= w) return [];
      const out = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > w + 1)
        .slice(0, 5)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`,
        );
      return [`page ${document.documentElement.scrollWidth}px wide`, ...out];
    });
    expect(wide, `${name} at ${label}`).toEqual([]);
  }
  await page.setViewportSize(DESKTOP);
}

async function open(name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`).toBe(
    true,
  );
  mkdirSync(SHOTS, { recursive: true });
  webRoot = await buildWeb();
  stack = await startLocalStack({
    accounts: [],
    emulator: { deviceFlow: { interval: 1, pendingPolls: 1 } },
    deps: { webRoot },
  });
  profile = mkdtempSync(join(tmpdir(), 'cgw-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-US',
    viewport: DESKTOP,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  attacker = await new Promise<Server>((done) => {
    const s = createServer((req, res) => {
      // A page on another port of this machine (same site, so the browser still sends the
      // SameSite=Strict session cookie): a classic form CSRF to the admin API.
      res.writeHead(200, { 'content-type': 'text/html' });
      if (req.url === '/quiet') return void res.end('<!doctype html><title>another site</title>');
      res.end(`<!doctype html><form id="f" method="POST" action="${stack.url}/admin/api/keys" enctype="text/plain">
        <input name='{"name":"forged","x":"' value='"}'></form><script>document.getElementById('f').submit()</script>`);
    }).listen(0, '127.0.0.1', () => done(s));
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
  attacker?.close();
  for (const dir of [profile, webRoot]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the admin UI in Chromium', () => {
  it('first run: sets the admin password, then adds an account by the device flow', async () => {
    await page.goto(`${stack.url}/admin`);
    await page.getByRole('heading', { name: 'Set up copilot-gateway' }).waitFor();
    await shoot('setup');
    await page.getByLabel('New admin password').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByRole('heading', { name: 'Add your first GitHub account' }).waitFor();
    await page.getByRole('button', { name: 'Start GitHub sign-in' }).click();
    const code = page.getByTestId('user-code');
    await code.waitFor();
    expect(await code.textContent()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await shoot('setup-device-code');
    // The emulator's GitHub grants after one pending poll; the page polls until the gateway says done.
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect((await stack.store.accounts.list()).map((a) => a.login)).toEqual(['octocat']);
  });

  it('dashboard shows the account active', async () => {
    await page
      .getByRole('row', { name: /octocat/ })
      .getByText('Active')
      .waitFor();
    await shoot('dashboard');
  });

  it('accounts page lists the account with its controls', async () => {
    await open('Accounts');
    await page.getByRole('listitem', { name: 'octocat' }).getByRole('button', { name: 'Disable' }).waitFor();
    await shoot('accounts');
  });

  it("models page shows the account's catalogue with endpoints and routes", async () => {
    await open('Models');
    const row = page.getByRole('row', { name: new RegExp(`^${MODEL}\\b`) });
    await row.waitFor();
    expect(await row.textContent()).toContain('/chat/completions');
    await shoot('models');
  });

  it('creates a key, shown once, that works with the openai SDK', async () => {
    await open('Keys');
    await page.getByLabel('Name', { exact: true }).fill('e2e-key');
    await page.getByRole('button', { name: 'Create the key' }).click();
    const shown = page.getByTestId('new-key');
    await shown.waitFor();
    secret = (await shown.textContent()) ?? '';
    expect(secret).toMatch(/^cgw_/);
    await shoot('keys-created');
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: secret, maxRetries: 0 });
    const r = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(r.choices[0].message.content).toBeTruthy();
  });

  it('shows that request in the usage log, and scrolls 10,000 rows through the virtual list', async () => {
    await open('Usage');
    const row = page.getByRole('row').filter({ hasText: 'e2e-key' }).filter({ hasText: MODEL });
    await row.first().waitFor();
    await shoot('usage');
    const base = Date.now() - 3600_000;
    const rows: UsageRow[] = Array.from({ length: 10_000 }, (_, i) => ({
      tsMs: base - i * 1000,
      traceId: `seed-${i}`,
      ingress: 'openai-chat',
      path: '/v1/chat/completions',
      requestedModel: MODEL,
      resolvedModel: MODEL,
      status: i % 50 === 0 ? 429 : 200,
      stream: false,
      inputTokens: 10,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 5,
      reasoningTokens: 0,
      costSource: 'none',
      durationMs: 100 + (i % 900),
      changes: [],
    }));
    await stack.store.usage.insert(rows);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const count = page.getByTestId('log-count');
    await expect.poll(() => count.textContent()).toMatch(/^500 rows loaded/);
    const scroller = page.locator('.vscroll');
    for (let i = 0; i < 40 && !/^10,000 rows/.test((await count.textContent()) ?? ''); i++) {
      const before = await count.textContent();
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      // Reaching the end loads the next page of 500: wait for the count to move.
      await page.waitForFunction(
        (prev) => document.querySelector('[data-testid="log-count"]')?.textContent !== prev,
        before,
      );
    }
    expect(await count.textContent()).toMatch(/^10,000 rows loaded/);
    const inDom = await page.locator('.vscroll [role="row"]').count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(100);
    await shoot('usage-10000');
    // The CSV export link carries the same filters and downloads with the session.
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toMatch(/^\/admin\/api\/usage\/export\.csv\?from=\d+/);
    const csv = await page.evaluate((h) => fetch(h!).then((r) => r.text()), href);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(10_000);
    expect(csv).toContain('seed-9999');
  });

  it('connect page renders the setup recipes for this gateway and the new key', async () => {
    await open('Connect a client');
    await page.getByRole('button', { name: 'Show settings' }).click();
    const block = page.locator('figure', { hasText: '.claude/settings.json' });
    await block.waitFor();
    const text = (await block.locator('pre').textContent()) ?? '';
    expect(JSON.parse(text).env).toMatchObject({
      ANTHROPIC_BASE_URL: stack.url,
      ANTHROPIC_AUTH_TOKEN: secret,
    });
    await shoot('connect');
  });

  it('settings: a live setting saved to config.json and applied at once', async () => {
    await open('Settings');
    const heartbeat = page.getByLabel('heartbeatMs', { exact: true });
    await heartbeat.waitFor();
    await shoot('settings');
    await heartbeat.fill('15000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved; applied now: heartbeatMs.').waitFor();
    expect(stack.gateway.ctx.settings.heartbeatMs).toBe(15000);
    const file = JSON.parse(readFileSync(join(stack.dataDir, 'config.json'), 'utf8'));
    expect(file.heartbeatMs).toBe(15000);
  });

  it('refuses a forged cross-site admin request (the form posts from another origin)', async () => {
    const before = (await stack.store.keys.list()).length;
    const evil = await context.newPage();
    const evilOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    await evil.goto(`${evilOrigin}/`);
    await evil.waitForURL(`${stack.url}/admin/api/keys`);
    expect(await evil.locator('body').textContent()).toMatch(/refused/);
    // A script on that origin cannot even ask: the preflight is refused.
    await evil.goto(`${evilOrigin}/quiet`);
    const fetched = await evil.evaluate(async (url) => {
      try {
        const r = await fetch(url, {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': 'application/json' },
          body: '{"name":"forged2"}',
        });
        return r.status;
      } catch (err) {
        return String(err);
      }
    }, `${stack.url}/admin/api/keys`);
    expect(String(fetched)).toMatch(/TypeError|Failed to fetch/);
    await evil.close();
    expect((await stack.store.keys.list()).length).toBe(before);
  });

  it('revokes the key; the SDK then gets 401', async () => {
    await open('Keys');
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Revoke e2e-key' }).click();
    await page
      .getByRole('row', { name: /e2e-key/ })
      .getByText(/revoked/)
      .waitFor();
    await shoot('keys-revoked');
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: secret, maxRetries: 0 });
    const err = await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('signs out: the login page, and the admin API refuses the old session', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shoot('login');
    const status = await page.evaluate(() => fetch('/admin/api/keys').then((r) => r.status));
    expect(status).toBe(401);
    await page.getByLabel('Admin password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();
  });

  it('speaks Simplified Chinese when chosen, and keeps the choice across a reload', async () => {
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '密钥' }).waitFor();
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: '概览' }).click();
    await page.getByRole('heading', { level: 1, name: '概览' }).waitFor();
    await page
      .getByRole('row', { name: /octocat/ })
      .getByText('可用')
      .waitFor();
    await shoot('dashboard-zh-CN');
  });
});
