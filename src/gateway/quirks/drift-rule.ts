// The shape of one drift-shield rule: a request field that newer clients send and Copilot refuses
// (copilot-upstream-2026.md §5). Each rule lives in its own drift-*.ts file with the reason and the
// client version that introduced the field.

import { isJsonObject as isObject } from '../../protocols/ir/json.js';

export type Json = Record<string, unknown>;

export interface DriftRule {
  /** The field as reported in logs and the outcome record, e.g. `tools[].defer_loading`. */
  field: string;
  /** A byte string that must occur in the raw body for this rule to have anything to remove. */
  needle: string;
  /**
   * Removes the field from the parsed body in place; returns how many occurrences it removed.
   * With `dryRun` it only counts them (the body is left as it is).
   */
  remove(body: Json, dryRun?: boolean): number;
}

export { isObject };

/** Deletes `key` from every object of `list` that has it (counts only, when `dryRun`). */
export function deleteFromEach(
  list: unknown,
  key: string,
  pick: (item: Json) => unknown = (t) => t,
  dryRun = false,
): number {
  if (!Array.isArray(list)) return 0;
  let n = 0;
  for (const item of list) {
    if (!isObject(item)) continue;
    const target = pick(item);
    if (isObject(target) && key in target) {
      if (!dryRun) delete target[key];
      n++;
    }
  }
  return n;
}
