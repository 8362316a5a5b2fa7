// Where to cut a conversation: pure arithmetic over units and their token counts.
// A cut k keeps the pinned units (everything up to the task, i.e. the first user turn with its
// own content, and every system unit) and every unit from k on; it drops the others before k.
// A cut is valid only when
// - unit k is an assistant unit (the kept history still reads user → assistant after the task),
// - no tool call is separated from its result (both dropped or both kept: no orphan results, no
//   unanswered calls),
// - it keeps at least the last unit (the current turn).
import type { Unit } from './types.js';

export type CutUnit = Pick<Unit, 'role' | 'userText' | 'calls' | 'results'>;

/** Index of the last pinned unit of the leading run (the task); -1 for an empty conversation. */
export function taskIndex(units: readonly CutUnit[]): number {
  const i = units.findIndex((u) => u.role === 'user' && u.userText);
  return i === -1 ? Math.min(0, units.length - 1) : i;
}

/** Dropped by cut k: the non-system units after the task and before k. */
export function isDropped(units: readonly CutUnit[], task: number, k: number, i: number): boolean {
  return i > task && i < k && units[i].role !== 'system';
}

/** Every valid cut after the task, ascending (dropping at least one unit each). */
export function validCuts(units: readonly CutUnit[]): number[] {
  const task = taskIndex(units);
  // Every tool call id with the indexes of the units that mention it (as call or result).
  const where = new Map<string, number[]>();
  for (const [i, u] of units.entries()) {
    for (const id of [...u.calls, ...u.results]) {
      const list = where.get(id);
      if (list) {
        if (list[list.length - 1] !== i) list.push(i);
      } else where.set(id, [i]);
    }
  }
  const spans = [...where.values()].filter((l) => l.length > 1);
  const cuts: number[] = [];
  for (let k = task + 2; k < units.length; k++) {
    if (units[k].role !== 'assistant') continue;
    const splits = spans.some((l) => {
      const dropped = l.filter((i) => isDropped(units, task, k, i)).length;
      return dropped > 0 && dropped < l.length;
    });
    if (!splits) cuts.push(k);
  }
  return cuts;
}

export interface CutPlan {
  /** The chosen cut (undefined: nothing needs dropping). */
  cut?: number;
  /** Indexes of the dropped units. */
  dropped: number[];
  /** Estimated tokens of what is kept (base included). */
  tokens: number;
  /** True when even the deepest valid cut does not reach the target. */
  overflow: boolean;
}

/**
 * The smallest valid cut whose kept units fit `target` (base = system prompt, tools and other
 * fixed costs). `from` skips cuts below it (a summary cached for a later cut may be reused).
 */
export function planCut(
  units: readonly CutUnit[],
  tokens: readonly number[],
  base: number,
  target: number,
  cuts: readonly number[] = validCuts(units),
): CutPlan {
  const total = base + tokens.reduce((a, b) => a + b, 0);
  if (total <= target) return { dropped: [], tokens: total, overflow: false };
  const task = taskIndex(units);
  const keptAt = (k: number) => {
    let sum = base;
    for (let i = 0; i < units.length; i++) if (!isDropped(units, task, k, i)) sum += tokens[i];
    return sum;
  };
  let last: CutPlan | undefined;
  for (const k of cuts) {
    const kept = keptAt(k);
    const dropped: number[] = [];
    for (let i = 0; i < k; i++) if (isDropped(units, task, k, i)) dropped.push(i);
    last = { cut: k, dropped, tokens: kept, overflow: kept > target };
    if (kept <= target) return last;
  }
  return last ?? { dropped: [], tokens: total, overflow: true };
}
