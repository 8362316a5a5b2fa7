import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from './en.js';
import { initialLocale, matchLocale, saveLocale } from './locale.js';
import { translator } from './translate.js';
import { zhCN } from './zh-cn.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('zh-CN has every English key, none empty, with the same placeholders', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(zhCN[key], key).toBeTruthy();
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('en');
    expect(t('dash.requests', { n: '1,234' })).toBe('1,234 requests');
    expect(t('dash.requests')).toBe('{n} requests');
    expect(translator('zh-CN')('dash.requests', { n: 3 })).toBe('3 个请求');
  });
});

describe('locale', () => {
  it('follows the browser: any Chinese variant gives zh-CN, else English', () => {
    expect(matchLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(matchLocale(['zh'])).toBe('zh-CN');
    expect(matchLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(matchLocale(['de'])).toBe('en');
    expect(matchLocale([])).toBe('en');
  });

  it('keeps the user choice over the browser, and ignores a stored value it does not know', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(initialLocale(storage, ['zh-CN'])).toBe('zh-CN');
    saveLocale(storage, 'en');
    expect(initialLocale(storage, ['zh-CN'])).toBe('en');
    store.set('copilot-gateway.locale', 'xx');
    expect(initialLocale(storage, ['zh-CN'])).toBe('zh-CN');
  });
});
