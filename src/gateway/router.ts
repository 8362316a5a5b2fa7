// A small exact-match router. The gateway's surface is a fixed list of paths, so a map lookup
// beats a general-purpose framework on the hot path (the bench target is < 0.5 ms added p50).
import { GatewayError, quoteInput } from '../errors/gateway-error.js';
import type { ProtocolId } from '../protocols/ir/types.js';
import type { RouteAccess } from './middleware/access.js';
import type { Ingress } from './pipeline/outcome.js';
import type { RouteHandler } from './request-context.js';

export interface Route {
  protocol: ProtocolId;
  handler: RouteHandler;
  /** What the outcome records as the ingress (default: the protocol). */
  ingress?: Ingress;
  /** What the caller needs (default: inference). */
  access?: RouteAccess;
}

export interface PatternRoute extends Route {
  method: string;
  pattern: RegExp;
  /** Names of the pattern's capture groups, in order. */
  keys: string[];
}

export class Router {
  private readonly exact = new Map<string, Route>();
  private readonly patterns: PatternRoute[] = [];

  /** Registers `path` and, for /v1 paths, the same path without the /v1 prefix. */
  add(method: string, path: string, route: Route, options: { alias?: boolean } = {}): this {
    this.exact.set(`${method} ${path}`, route);
    if (options.alias !== false && path.startsWith('/v1/'))
      this.exact.set(`${method} ${path.slice(3)}`, route);
    return this;
  }

  addPattern(method: string, pattern: RegExp, keys: string[], route: Route): this {
    this.patterns.push({ ...route, method, pattern, keys });
    return this;
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const p = normalisePath(path);
    const hit =
      this.exact.get(`${method} ${p}`) ?? (method === 'HEAD' ? this.exact.get(`GET ${p}`) : undefined);
    if (hit) return { route: hit, params: {} };
    for (const r of this.patterns) {
      if (r.method !== method) continue;
      const m = r.pattern.exec(p);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => {
        try {
          params[k] = decodeURIComponent(m[i + 1] ?? '');
        } catch {
          throw GatewayError.invalid(`The path ${quoteInput(path, 200)} has malformed percent-encoding`);
        }
      });
      return { route: r, params };
    }
    return undefined;
  }

  /** Every registered route: exact paths, and patterns by their regex source (tests, docs). */
  list(): { method: string; path?: string; pattern?: RegExp; route: Route }[] {
    const exact = [...this.exact].map(([key, route]) => {
      const space = key.indexOf(' ');
      return { method: key.slice(0, space), path: key.slice(space + 1), route };
    });
    return [...exact, ...this.patterns.map((r) => ({ method: r.method, pattern: r.pattern, route: r }))];
  }

  /** Whether some route exists at this path for another method (405 instead of 404). */
  hasPath(path: string): boolean {
    const p = normalisePath(path);
    for (const key of this.exact.keys()) if (key.endsWith(` ${p}`)) return true;
    return this.patterns.some((r) => r.pattern.test(p));
  }
}

/** Tolerates a doubled /v1 (a base URL that already ended in /v1) and trailing slashes. */
function normalisePath(path: string): string {
  const p = path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') : path;
  return p.startsWith('/v1/v1/') ? p.slice(3) : p;
}
