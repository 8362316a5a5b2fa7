// Choosing the account for one request: a pure function over the pool's in-memory view, so it
// costs microseconds with many accounts (bench/pool-select.bench.ts).
import type { PoolStrategy } from '../../config/settings.js';

export interface MemberView {
  id: string;
  priority: number;
  enabled: boolean;
  /** Epoch ms; 0 when the account is not cooling down. */
  cooldownUntil: number;
  served: number;
  /** The model ids the account's own catalogue lists; undefined until it has loaded. */
  models: ReadonlySet<string> | undefined;
}

export interface SelectOptions {
  model?: string;
  strategy: PoolStrategy;
  now: number;
  /** Accounts already tried for this request. */
  exclude?: ReadonlySet<string>;
  /** The conversation's account: taken when usable, whatever the strategy says. */
  prefer?: string;
  /** Round-robin position, advanced by each pick. */
  cursor: { n: number };
}

export function usable(m: MemberView, o: Pick<SelectOptions, 'model' | 'now' | 'exclude'>): boolean {
  return (
    m.enabled &&
    m.cooldownUntil <= o.now &&
    !o.exclude?.has(m.id) &&
    (o.model === undefined || m.models === undefined || m.models.has(o.model))
  );
}

/** `members` are in priority order (lowest first). Undefined when no account can serve. */
export function selectAccount<M extends MemberView>(members: readonly M[], o: SelectOptions): M | undefined {
  if (o.prefer !== undefined) {
    for (const m of members) if (m.id === o.prefer) if (usable(m, o)) return m;
  }
  if (o.strategy === 'fill-first') {
    for (const m of members) if (usable(m, o)) return m;
    return undefined;
  }
  if (o.strategy === 'least-used') {
    let best: M | undefined;
    for (const m of members) if (usable(m, o) && (!best || m.served < best.served)) best = m;
    return best;
  }
  const n = members.length;
  for (let i = 0; i < n; i++) {
    const m = members[(o.cursor.n + i) % n];
    if (usable(m, o)) {
      o.cursor.n = (o.cursor.n + i + 1) % n;
      return m;
    }
  }
  return undefined;
}

/** The soonest moment an account that could serve `model` comes back (for the 429's retry-after). */
export function soonestReturn(
  members: readonly MemberView[],
  model: string | undefined,
  now: number,
): number | undefined {
  let soonest: number | undefined;
  for (const m of members) {
    if (!m.enabled || (model !== undefined && m.models !== undefined && !m.models.has(model))) continue;
    const at = Math.max(m.cooldownUntil, now);
    if (soonest === undefined || at < soonest) soonest = at;
  }
  return soonest;
}
