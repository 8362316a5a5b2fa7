// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiKey } from '../api/types.js';
import { byText, click, inputByLabel, type Rendered, renderWith, type } from '../test/render.js';
import { KeysPage, parseModels } from './keys.js';

const key = (over: Partial<ApiKey> = {}): ApiKey => ({
  id: 'key_1',
  name: 'laptop',
  prefix: 'cgw_ab12',
  createdAt: Date.UTC(2026, 0, 2),
  models: [],
  scopes: ['inference'],
  limits: {},
  ...over,
});

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe('Keys page', () => {
  it('lists keys, creates one and shows its secret once with a copy button', async () => {
    let keys = [key()];
    view = await renderWith(<KeysPage />, (method, path, body) => {
      if (method === 'GET') return { body: { keys } };
      if (path === '/admin/api/keys') {
        const created = key({ id: 'key_2', name: (body as { name: string }).name, limits: { rpm: 5 } });
        keys = [...keys, created];
        return { status: 201, body: { ...created, key: 'cgw_secret_value' } };
      }
      return { status: 404, body: { error: { message: 'no' } } };
    });
    expect(byText(view.root, 'th', /laptop/)).toBeTruthy();
    const create = view.root.querySelector<HTMLElement>('section[aria-labelledby="create-title"]')!;
    await type(inputByLabel(create, 'Name'), 'ci runner');
    await type(inputByLabel(create, 'Allowed models'), 'gpt-5*, claude-*');
    await type(inputByLabel(create, 'Requests per minute'), '5');
    await click(byText(view.root, 'button', 'Create the key'));
    const post = view.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({
      name: 'ci runner',
      models: ['gpt-5*', 'claude-*'],
      scopes: ['inference'],
      limits: { rpm: 5 },
    });
    expect(post.headers['x-csrf-token']).toBe('csrf-test');
    expect(view.root.querySelector('[data-testid="new-key"]')?.textContent).toBe('cgw_secret_value');
    expect(byText(view.root, 'button', 'Copy')).toBeTruthy();
    expect(view.services.freshKeys.get('key_2')).toBe('cgw_secret_value');
    expect(byText(view.root, 'th', /ci runner/)).toBeTruthy();
    await click(byText(view.root, 'button', 'Close'));
    expect(view.root.querySelector('[data-testid="new-key"]')).toBeNull();
  });

  it("shows the gateway's message beside the field it names", async () => {
    view = await renderWith(<KeysPage />, (method) =>
      method === 'GET'
        ? { body: { keys: [] } }
        : { status: 400, body: { error: { message: 'A key named "x" exists', param: 'name' } } },
    );
    expect(view.root.textContent).toContain('No keys yet');
    await type(inputByLabel(view.root, 'Name'), 'x');
    await click(byText(view.root, 'button', 'Create the key'));
    const input = inputByLabel(view.root, 'Name');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = input.getAttribute('aria-describedby') ?? '';
    expect(view.root.querySelector(`#${CSS.escape(describedBy.split(' ').pop()!)}`)?.textContent).toBe(
      'A key named "x" exists',
    );
  });

  it('shows a load error with a retry that works', async () => {
    let fail = true;
    view = await renderWith(<KeysPage />, () =>
      fail
        ? { status: 500, body: { error: { message: 'database is locked' } } }
        : { body: { keys: [key()] } },
    );
    expect(byText(view.root, '[role="alert"]', /database is locked/)).toBeTruthy();
    fail = false;
    await click(byText(view.root, 'button', 'Try again'));
    expect(byText(view.root, 'th', /laptop/)).toBeTruthy();
  });

  it("edits an active key's allowed models and limits with a PATCH", async () => {
    view = await renderWith(<KeysPage />, (method, _path, body) =>
      method === 'GET' ? { body: { keys: [key({ models: ['gpt-*'], limits: { rpm: 5 } })] } } : { body },
    );
    const edit = view.root.querySelector<HTMLElement>('details.edit')!;
    await type(edit.querySelector<HTMLInputElement>('input:not([type="number"])')!, 'claude-*, o9');
    const rpm = [...edit.querySelectorAll('label')].find((l) => l.textContent === 'Requests per minute')!;
    expect(edit.querySelector<HTMLInputElement>(`#${CSS.escape(rpm.htmlFor)}`)!.value).toBe('5');
    await type(edit.querySelector<HTMLInputElement>(`#${CSS.escape(rpm.htmlFor)}`)!, '');
    await click(edit.querySelector<HTMLElement>('button[type="submit"]')!);
    const patch = view.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/admin/api/keys/key_1');
    expect(patch.body).toEqual({ models: ['claude-*', 'o9'], limits: {} });
  });

  it('parses allowed models from commas and lines', () => {
    expect(parseModels(' a, b\n c ,,')).toEqual(['a', 'b', 'c']);
  });
});
