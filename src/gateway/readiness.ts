// Readiness (GET /readyz): whether this instance's dependencies answer, so a load balancer drains
// an instance that lost them. /healthz stays liveness (the process answers). Each concern adds a
// check to ctx.readiness in compose.ts: the state database here; Redis where shared limits live.
import type { StateStore } from '../store/state-store.js';

export interface ReadinessResult {
  ok: boolean;
  /** Why not; never a URL or a credential. */
  error?: string;
  [detail: string]: unknown;
}

export interface ReadinessCheck {
  name: string;
  check(): Promise<ReadinessResult>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, ReadinessResult>;
}

/** The state database: SQLite answers while the file is there; PostgreSQL while it is reachable. */
export function databaseReadiness(store: StateStore): ReadinessCheck {
  return {
    name: 'database',
    async check() {
      return { ...(await store.ping()), backend: store.backend };
    },
  };
}

/** Runs every check at once, each capped (a hung dependency is "not ready", never a hung probe). */
export async function runReadiness(
  checks: readonly ReadinessCheck[],
  capMs = 2000,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c): Promise<[string, ReadinessResult]> => {
      let timer: NodeJS.Timeout | undefined;
      const capped = new Promise<ReadinessResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${capMs} ms` }), capMs);
      });
      try {
        return [c.name, await Promise.race([c.check(), capped])];
      } catch (err) {
        return [c.name, { ok: false, error: (err as Error).message }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
}
