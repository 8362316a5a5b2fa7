// Renders a view inside the app's context with a scripted API, for component tests (happy-dom).
import { type ComponentChildren, render } from 'preact';
import { act } from 'preact/test-utils';
import { Api } from '../api/client.js';
import { AppContext, type AppServices } from '../context.js';
import type { Locale } from '../i18n/locale.js';
import { translator } from '../i18n/translate.js';

export type Handler = (method: string, path: string, body: unknown) => { status?: number; body: unknown };

export interface Rendered {
  root: HTMLElement;
  calls: { method: string; path: string; body: unknown; headers: Record<string, string> }[];
  services: AppServices;
  unmount: () => void;
}

/** A fetch answering from `handler`, recording every call. */
export function scriptedFetch(handler: Handler, calls: Rendered['calls']): typeof fetch {
  return async (input, init) => {
    const path = String(input);
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({
      method: init?.method ?? 'GET',
      path,
      body,
      headers: (init?.headers ?? {}) as Record<string, string>,
    });
    const answer = handler(init?.method ?? 'GET', path, body);
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

export async function renderWith(
  view: ComponentChildren,
  handler: Handler,
  locale: Locale = 'en',
): Promise<Rendered> {
  const calls: Rendered['calls'] = [];
  const api = new Api({ fetch: scriptedFetch(handler, calls) });
  api.csrfToken = 'csrf-test';
  const services: AppServices = {
    api,
    t: translator(locale),
    locale,
    setLocale: () => {},
    freshKeys: new Map(),
  };
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => {
    render(<AppContext.Provider value={services}>{view}</AppContext.Provider>, root);
  });
  await settle();
  return {
    root,
    calls,
    services,
    unmount: () => {
      render(null, root);
      root.remove();
    },
  };
}

/** Lets pending fetches resolve and Preact re-render. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await act(() => new Promise<void>((r) => setTimeout(r, 0)));
}

export function byText(root: HTMLElement, selector: string, text: string | RegExp): HTMLElement {
  const found = [...root.querySelectorAll<HTMLElement>(selector)].find((el) =>
    typeof text === 'string' ? el.textContent?.trim() === text : text.test(el.textContent ?? ''),
  );
  if (!found) throw new Error(`no ${selector} with text ${text} in: ${root.innerHTML.slice(0, 2000)}`);
  return found;
}

export function inputByLabel(root: HTMLElement, label: string): HTMLInputElement {
  const l = byText(root, 'label', label) as HTMLLabelElement;
  const el = root.querySelector<HTMLInputElement>(`#${CSS.escape(l.htmlFor)}`);
  if (!el) throw new Error(`no control for label ${label}`);
  return el;
}

export async function type(el: HTMLInputElement, value: string): Promise<void> {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function click(el: HTMLElement): Promise<void> {
  await act(() => {
    el.click();
  });
  await settle();
}

export async function choose(el: HTMLSelectElement, value: string): Promise<void> {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
