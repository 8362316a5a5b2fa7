// The app's root: who is signed in decides between Setup, Login and the pages.
import { useCallback, useMemo, useState } from 'preact/hooks';
import { Api } from './api/client.js';
import type { AuthState } from './api/types.js';
import { ErrorBox, Loading } from './components/status.js';
import { AppContext, type AppServices } from './context.js';
import { initialLocale, type Locale, saveLocale } from './i18n/locale.js';
import { translator } from './i18n/translate.js';
import { LoginPage } from './pages/login.js';
import { SetupPage } from './pages/setup.js';
import { Shell } from './shell.js';
import { useResource } from './use-resource.js';

const storage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);

export function App({ api: given }: { api?: Api } = {}) {
  const [locale, setLocaleState] = useState<Locale>(() =>
    initialLocale(storage(), navigator.languages ?? []),
  );
  const [authTick, setAuthTick] = useState(0);
  const recheck = useCallback(() => setAuthTick((n) => n + 1), []);
  const api = useMemo(() => given ?? new Api({ onSignedOut: recheck }), [given, recheck]);
  const [freshKeys] = useState(() => new Map<string, string>());
  const services: AppServices = useMemo(
    () => ({
      api,
      t: translator(locale),
      locale,
      setLocale: (l: Locale) => {
        saveLocale(storage(), l);
        document.documentElement.lang = l;
        setLocaleState(l);
      },
      freshKeys,
    }),
    [api, locale, freshKeys],
  );
  const auth = useResource(async () => {
    const state = await api.get<AuthState>('/admin/api/auth');
    api.csrfToken = state.csrfToken;
    return state;
  }, [authTick]);
  let view = null;
  if (!auth.data) view = auth.error ? <ErrorBox error={auth.error} retry={auth.reload} /> : <Loading />;
  else if (!auth.data.passwordSet) view = <SetupPage state={auth.data} onFinished={recheck} />;
  else if (!auth.data.loggedIn) view = <LoginPage onSignedIn={recheck} />;
  else view = <Shell onSignedOut={recheck} />;
  return (
    <AppContext.Provider value={services}>
      <div class="app" lang={locale}>
        {view}
      </div>
    </AppContext.Provider>
  );
}
