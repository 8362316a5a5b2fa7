// The signed-in frame: a skip link, the navigation (a scrollable row at 360 px), the language
// switch, sign-out, and the current page.
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useRef } from 'preact/hooks';
import { Loading } from './components/status.js';
import { useApp } from './context.js';
import type { MessageKey } from './i18n/en.js';
import { LOCALES, type Locale } from './i18n/locale.js';
import { AccountsPage } from './pages/accounts.js';
import { DashboardPage } from './pages/dashboard.js';
import { KeysPage } from './pages/keys.js';
import { ModelsPage } from './pages/models.js';
import { SettingsPage } from './pages/settings.js';
import { hrefOf, navigate, PAGES, type Page, usePage } from './router.js';

// Chart and virtual list, and the recipe writers (TOML): loaded when their page opens.
const UsagePage = lazy(() => import('./pages/usage.js').then((m) => ({ default: m.UsagePage })));
const ConnectPage = lazy(() => import('./pages/connect.js').then((m) => ({ default: m.ConnectPage })));

const VIEWS: Record<Page, () => preact.JSX.Element> = {
  dashboard: () => <DashboardPage />,
  accounts: () => <AccountsPage />,
  models: () => <ModelsPage />,
  usage: () => <UsagePage />,
  keys: () => <KeysPage />,
  settings: () => <SettingsPage />,
  connect: () => <ConnectPage />,
};

export function Shell({ onSignedOut }: { onSignedOut: () => void }) {
  const { t, api, locale, setLocale } = useApp();
  const page = usePage();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    document.title = `${t(`nav.${page}` as MessageKey)} · copilot-gateway`;
    main.current?.focus({ preventScroll: true });
  }, [page, t]);
  const logout = async () => {
    await api.post('/admin/api/logout').catch(() => undefined);
    onSignedOut();
  };
  return (
    <>
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header class="top">
        <span class="brand">copilot-gateway</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {PAGES.map((p) => (
              <li key={p}>
                <a
                  href={hrefOf(p)}
                  aria-current={p === page ? 'page' : undefined}
                  onClick={(e) => {
                    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    navigate(p);
                  }}
                >
                  {t(`nav.${p}` as MessageKey)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="tools">
          <label class="sr-only" for="locale">
            {t('nav.language')}
          </label>
          <select id="locale" value={locale} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {l === 'en' ? 'English' : '简体中文'}
              </option>
            ))}
          </select>
          <button type="button" onClick={logout}>
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Loading />}>{VIEWS[page]()}</Suspense>
      </main>
    </>
  );
}
