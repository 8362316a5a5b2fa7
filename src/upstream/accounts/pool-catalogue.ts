// The gateway's model catalogue over a pool: the union of the enabled accounts' own catalogues,
// in priority order (the first account that lists a model describes it). Each account's list is
// cached by its own catalogue; the union is recomputed only when one of those lists changes, so
// the per-request cost is a few comparisons.
import type { ModelCatalogue } from '../model-catalogue.js';
import type { CopilotModel } from '../types.js';
import type { AccountPool, PoolMember } from './pool.js';

export function createPoolCatalogue(pool: AccountPool): ModelCatalogue {
  let inputs: CopilotModel[][] = [];
  let union: CopilotModel[] = [];
  let byId = new Map<string, CopilotModel>();

  async function lists(all: readonly PoolMember[], traceId?: string): Promise<CopilotModel[][]> {
    const members = all.filter((m) => m.enabled && m.catalogue);
    const settled = await Promise.allSettled(
      members.map((m: PoolMember) => (m.catalogue as ModelCatalogue).list(traceId)),
    );
    const ok: CopilotModel[][] = [];
    let firstError: unknown;
    settled.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        ok.push(r.value);
        members[i].models ??= new Set(r.value.map((x) => x.id));
      } else firstError ??= r.reason;
    });
    if (ok.length === 0 && firstError !== undefined) throw firstError;
    return ok;
  }

  async function list(traceId?: string): Promise<CopilotModel[]> {
    // Listed on a request whose key check asked the store for other processes' commits already:
    // that answer is reused (never older than a second), not asked for again.
    const members = await pool.members(true);
    // One account (the common case): its own cached list, nothing to merge.
    if (members.length === 1 && members[0].enabled && members[0].catalogue)
      return members[0].catalogue.list(traceId);
    const next = await lists(members, traceId);
    if (next.length === 1) return next[0];
    if (next.length === inputs.length && next.every((l, i) => l === inputs[i])) return union;
    const seen = new Map<string, CopilotModel>();
    for (const l of next) for (const m of l) if (!seen.has(m.id)) seen.set(m.id, m);
    inputs = next;
    union = [...seen.values()];
    byId = seen;
    return union;
  }

  return {
    list,
    async find(id, traceId) {
      const all = await list(traceId);
      if (all !== union) return all.find((m) => m.id === id);
      return byId.get(id);
    },
    invalidate() {
      void pool.members().then((ms) => {
        for (const m of ms) m.catalogue?.invalidate();
      });
    },
  };
}
