// A message lookup with `{name}` placeholders. Dictionaries are plain objects per language; the
// Chinese one is typed against the English keys, so a missing translation fails the type check.
import { en, type MessageKey } from './en.js';
import type { Locale } from './locale.js';
import { zhCN } from './zh-cn.js';

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): Translate {
  const dict = DICTIONARIES[locale];
  return (key, params) => {
    const text = dict[key] ?? en[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}
