// What every view reads: the API client, the translator, and the session's small shared state.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api/client.js';
import type { Locale } from './i18n/locale.js';
import type { Translate } from './i18n/translate.js';

export interface AppServices {
  api: Api;
  t: Translate;
  locale: Locale;
  setLocale: (l: Locale) => void;
  /** Keys created in this tab (id → secret), so Connect can prefill them; never stored. */
  freshKeys: Map<string, string>;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside <AppContext.Provider>');
  return app;
}
