// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelsAnswer, ModelView } from '../api/types.js';
import { byText, choose, click, inputByLabel, type Rendered, renderWith, type } from '../test/render.js';
import { ModelsPage } from './models.js';

const model = (id: string, over: Partial<ModelView> = {}): ModelView => ({
  id,
  name: id,
  vendor: 'OpenAI',
  type: 'chat',
  preview: false,
  supportedEndpoints: ['/chat/completions', '/responses'],
  limits: { maxContextWindowTokens: 264000, maxPromptTokens: 128000, maxOutputTokens: 64000 },
  billing: { multiplier: 0 },
  price: { input: 0.25, output: 2 },
  routes: {
    'openai-chat': { endpoint: '/chat/completions', passthrough: true },
    anthropic: { endpoint: '/responses', passthrough: false },
    gemini: { error: 'no endpoint' },
  },
  ...over,
});

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe('Models page', () => {
  it('shows routes, prices and limits, and saves the mappings and the small model', async () => {
    let answer: ModelsAnswer = {
      accounts: [
        { accountId: 'a1', label: 'octocat', models: [model('gpt-5-mini'), model('o9', { price: null })] },
      ],
      mappings: { 'gpt-4': 'gpt-5-mini' },
      smallModel: null,
    };
    view = await renderWith(<ModelsPage />, (method, path, body) => {
      if (method === 'GET') return { body: answer };
      if (path === '/admin/api/models/mappings') {
        answer = { ...answer, mappings: (body as { mappings: Record<string, string> }).mappings };
        return { body };
      }
      return { body };
    });
    const row = byText(view.root, 'tr', /^gpt-5-mini/);
    expect(row.textContent).toContain('/chat/completions passthrough');
    expect(row.textContent).toContain('/responses translated');
    expect(row.textContent).toContain('no route');
    expect(row.textContent).toContain('in 0.25 · out 2');
    expect(row.textContent).toContain('included');
    expect(byText(view.root, 'tr', /^o9/).textContent).toContain('no price');

    await click(byText(view.root, 'button', 'Add a mapping'));
    const froms = view.root.querySelectorAll<HTMLInputElement>('.mappings li input:not([list])');
    const tos = view.root.querySelectorAll<HTMLInputElement>('.mappings li input[list]');
    await type(froms[1], 'claude-3-haiku');
    await type(tos[1], 'o9');
    await click(byText(view.root, 'form button[type="submit"]', 'Save'));
    const put = view.calls.find((c) => c.path === '/admin/api/models/mappings')!;
    expect(put.body).toEqual({ mappings: { 'gpt-4': 'gpt-5-mini', 'claude-3-haiku': 'o9' } });
    expect(put.headers['x-csrf-token']).toBe('csrf-test');

    const small = inputByLabel(view.root, 'Small model') as unknown as HTMLSelectElement;
    await choose(small, 'gpt-5-mini');
    const forms = view.root.querySelectorAll('form');
    await click(forms[forms.length - 1].querySelector('button[type="submit"]') as HTMLElement);
    expect(view.calls.find((c) => c.path === '/admin/api/models/small-model')?.body).toEqual({
      smallModel: 'gpt-5-mini',
    });
  });
});
