// Puts the declared admin routes into the gateway's router: exact paths into its table, paths with
// `{param}` as patterns (each parameter one path segment).
import type { Router } from '../../gateway/router.js';
import { type AdminRoute, toHandler } from './define.js';

const PARAM = /\{(\w+)\}/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `/admin/api/accounts/{id}` → a regex with one capture per parameter, and the parameter names. */
export function patternOf(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  let source = '';
  let last = 0;
  for (const m of path.matchAll(PARAM)) {
    source += escapeRegExp(path.slice(last, m.index));
    source += '([^/]+)';
    keys.push(m[1]);
    last = (m.index ?? 0) + m[0].length;
  }
  source += escapeRegExp(path.slice(last));
  return { pattern: new RegExp(`^${source}$`), keys };
}

export function registerAdminRoutes(router: Router, routes: readonly AdminRoute[]): void {
  for (const route of routes) {
    const target = { protocol: 'openai-chat' as const, ingress: 'other' as const, access: route.access };
    const handler = toHandler(route);
    if (route.path.includes('{')) {
      const { pattern, keys } = patternOf(route.path);
      router.addPattern(route.method, pattern, keys, { ...target, handler });
    } else router.add(route.method, route.path, { ...target, handler }, { alias: false });
  }
}
