// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Api } from './api/client.js';
import { App } from './app.js';
import { byText, click, type Handler, inputByLabel, scriptedFetch, settle, type } from './test/render.js';

let root: HTMLElement;
let calls: Parameters<typeof scriptedFetch>[1];

async function mount(handler: Handler) {
  calls = [];
  root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<App api={new Api({ fetch: scriptedFetch(handler, calls) })} />, root));
  await settle();
}

beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, '', '/admin/');
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('the app', () => {
  it('starts with Setup on a fresh gateway, then asks for the first account', async () => {
    let passwordSet = false;
    await mount((_method, path) => {
      if (path === '/admin/api/auth')
        return { body: { passwordSet, setupAllowed: true, loggedIn: passwordSet } };
      if (path === '/admin/api/setup') {
        passwordSet = true;
        return { body: { loggedIn: true, csrfToken: 'c1', expiresAt: Date.now() + 1e6 } };
      }
      return { body: { status: 'ok', accounts: [], lastHour: {}, month: {} } };
    });
    expect(byText(root, 'h1', 'Set up copilot-gateway')).toBeTruthy();
    await type(inputByLabel(root, 'New admin password'), 'correct horse battery');
    await type(inputByLabel(root, 'The same password again'), 'correct horse battery');
    await click(byText(root, 'button', 'Set the password'));
    expect(calls.find((c) => c.path === '/admin/api/setup')?.body).toEqual({
      password: 'correct horse battery',
    });
    expect(byText(root, 'h1', 'Add your first GitHub account')).toBeTruthy();
    await click(byText(root, 'button', 'Skip for now'));
    expect(byText(root, 'nav a[aria-current="page"]', 'Dashboard')).toBeTruthy();
  });

  it('refuses mismatched passwords before asking the gateway', async () => {
    await mount(() => ({ body: { passwordSet: false, setupAllowed: true, loggedIn: false } }));
    await type(inputByLabel(root, 'New admin password'), 'correct horse battery');
    await type(inputByLabel(root, 'The same password again'), 'correct horse batterY');
    expect(byText(root, '[role="alert"]', 'The two passwords differ.')).toBeTruthy();
    expect((byText(root, 'button', 'Set the password') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says where setup is possible when the page is not on this machine', async () => {
    await mount(() => ({ body: { passwordSet: false, setupAllowed: false, loggedIn: false } }));
    expect(byText(root, '[role="alert"]', /only from this machine/)).toBeTruthy();
  });

  it('signs in, shows the gateway message on a wrong password, and switches language (kept)', async () => {
    let loggedIn = false;
    await mount((_method, path, body) => {
      if (path === '/admin/api/auth')
        return {
          body: { passwordSet: true, setupAllowed: false, loggedIn, csrfToken: loggedIn ? 'c2' : undefined },
        };
      if (path === '/admin/api/login') {
        if ((body as { password: string }).password !== 'right password!')
          return { status: 401, body: { error: { message: 'Wrong admin password' } } };
        loggedIn = true;
        return { body: { loggedIn: true, csrfToken: 'c2', expiresAt: 1 } };
      }
      return { status: 503, body: { error: { message: 'status unavailable' } } };
    });
    await type(inputByLabel(root, 'Admin password'), 'nope');
    await click(byText(root, 'button', 'Sign in'));
    expect(byText(root, '[role="alert"]', /Wrong admin password/)).toBeTruthy();
    await type(inputByLabel(root, 'Admin password'), 'right password!');
    await click(byText(root, 'button', 'Sign in'));
    expect(byText(root, '[role="alert"]', /status unavailable/)).toBeTruthy();
    const select = root.querySelector<HTMLSelectElement>('#locale')!;
    await act(() => {
      select.value = 'zh-CN';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(byText(root, 'nav a[aria-current="page"]', '概览')).toBeTruthy();
    expect(localStorage.getItem('copilot-gateway.locale')).toBe('zh-CN');
    await click(byText(root, 'nav a', '密钥'));
    expect(location.pathname).toBe('/admin/keys');
    expect(byText(root, 'h1', '密钥')).toBeTruthy();
  });
});
