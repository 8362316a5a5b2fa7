// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../api/types.js';
import { byText, click, inputByLabel, type Rendered, renderWith, type } from '../test/render.js';
import { SettingsPage } from './settings.js';

const view0: SettingsView = {
  configFile: '/data/config.json',
  effective: { port: 4141, retry: { maxAttempts: 3 } },
  file: {},
  secrets: { metricsToken: false },
  apply: { port: 'restart', retry: 'live' },
  schema: {
    type: 'object',
    properties: {
      port: { type: 'integer', minimum: 0, maximum: 65535, description: 'port to listen on' },
      retry: { type: 'object', properties: { maxAttempts: { type: 'integer', minimum: 1 } } },
      metricsToken: { type: 'string' },
    },
  },
};

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe('Settings page', () => {
  it('validates by the schema, sends only the change, and says which need a restart', async () => {
    view = await renderWith(<SettingsPage />, (method, _path, body) =>
      method === 'GET'
        ? { body: view0 }
        : { body: { ...view0, file: body as object, applied: ['retry'], restartRequired: ['port'] } },
    );
    expect(byText(view.root, '.setting', /port/).textContent).toContain('needs a restart');
    expect(byText(view.root, 'fieldset', /retry/).textContent).toContain('applies at once');
    expect(view.root.textContent).not.toContain('metricsToken:  ');
    const port = inputByLabel(view.root, 'port');
    await type(port, '70000');
    expect(port.getAttribute('aria-invalid')).toBe('true');
    const save = byText(view.root, 'button', 'Save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await type(port, '8080');
    await type(inputByLabel(view.root, 'retry.maxAttempts'), '2');
    await click(save);
    expect(view.calls.find((c) => c.method === 'PUT')?.body).toEqual({
      port: 8080,
      retry: { maxAttempts: 2 },
    });
    expect(
      byText(view.root, '[role="status"]', /applied now: retry\. Restart the gateway for: port\./),
    ).toBeTruthy();
  });
});
