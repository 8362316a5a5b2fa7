// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../api/types.js';
import { byText, click, type Rendered, renderWith, settle } from '../test/render.js';
import { DeviceFlow } from './accounts-add.js';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  vi.useRealTimers();
});

const account = { id: 'acc_1', login: 'octocat', label: 'octocat' } as AccountView;

describe('device flow', () => {
  it('shows the code, polls every interval until GitHub says done, then reports the account', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    let polls = 0;
    const added: AccountView[] = [];
    view = await renderWith(<DeviceFlow onAdded={(a) => added.push(a)} />, (method, path) => {
      if (method === 'POST')
        return {
          status: 201,
          body: {
            flowId: 'f1',
            userCode: 'ABCD-1234',
            verificationUri: 'https://github.com/login/device',
            expiresAt: Date.now() + 900_000,
            interval: 5,
          },
        };
      expect(path).toBe('/admin/api/accounts/device/f1');
      polls++;
      return polls < 2
        ? {
            body: {
              status: 'pending',
              userCode: 'ABCD-1234',
              verificationUri: 'https://github.com/login/device',
              expiresAt: Date.now() + 900_000,
              interval: 5,
            },
          }
        : { body: { status: 'done', account, added: true } };
    });
    await click(byText(view.root, 'button', 'Start GitHub sign-in'));
    expect(view.root.querySelector('[data-testid="user-code"]')?.textContent).toBe('ABCD-1234');
    expect(byText(view.root, 'a', 'https://github.com/login/device').getAttribute('rel')).toContain(
      'noopener',
    );
    await vi.advanceTimersByTimeAsync(4_000);
    expect(polls).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(polls).toBe(1);
    expect(added).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_000);
    await settle();
    expect(polls).toBe(2);
    expect(added).toEqual([account]);
  });

  it('says why when GitHub refuses, and offers to close', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    view = await renderWith(<DeviceFlow onAdded={() => {}} />, (method) =>
      method === 'POST'
        ? {
            status: 201,
            body: {
              flowId: 'f2',
              userCode: 'WXYZ-0000',
              verificationUri: 'https://github.com/login/device',
              expiresAt: Date.now() + 1000,
              interval: 1,
            },
          }
        : { body: { status: 'denied', message: 'The authorization request was denied.' } },
    );
    await click(byText(view.root, 'button', 'Start GitHub sign-in'));
    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(byText(view.root, '[role="alert"]', /was denied/)).toBeTruthy();
    await click(byText(view.root, 'button', 'Close'));
    expect(byText(view.root, 'button', 'Start GitHub sign-in')).toBeTruthy();
  });
});
