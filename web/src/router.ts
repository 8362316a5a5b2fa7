// Client routes under /admin/ with the History API (the gateway answers index.html for each).
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/admin';
export const PAGES = ['dashboard', 'accounts', 'models', 'usage', 'keys', 'settings', 'connect'] as const;
export type Page = (typeof PAGES)[number];

/** The page a location path names ('' and unknown names: the dashboard). */
export function pageOf(pathname: string): Page {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length).replace(/^\/+|\/+$/g, '') : '';
  return (PAGES as readonly string[]).includes(rest) ? (rest as Page) : 'dashboard';
}

export function hrefOf(page: Page): string {
  return page === 'dashboard' ? `${BASE}/` : `${BASE}/${page}`;
}

export function navigate(page: Page): void {
  const href = hrefOf(page);
  if (location.pathname !== href) history.pushState(null, '', href);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function usePage(): Page {
  const [page, setPage] = useState(() => pageOf(location.pathname));
  useEffect(() => {
    const onPop = () => setPage(pageOf(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return page;
}
