// How far V8 lets the old generation grow past what the last full GC left alive. V8 picks the
// factor itself (up to 4x when its GC is fast), so a gateway under load keeps tens of MB of dead
// request objects and Buffers between mark-compacts: 172-180 MB RSS with 50-100 streams open where
// a factor of 1.5 keeps 114-118 MB for +3-7 % CPU (docs/hardening.md, "Memory of open streams").
// The flag is read at each GC, so it can be set once the process runs (unlike the semi-space size,
// which the launchers pass on the command line); a flag given to node itself wins.
import { setFlagsFromString } from 'node:v8';

/** The V8 flag for `heapGrowthPercent`, or undefined: 0 (V8's own choice), or node was given one. */
export function heapGrowthFlag(percent: number, execArgv: readonly string[]): string | undefined {
  if (!Number.isInteger(percent) || percent <= 0) return undefined;
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return undefined;
  return `--heap-growing-percent=${percent}`;
}

/** Applies `heapGrowthPercent` to this process; returns the flag it set, if any. */
export function applyHeapGrowth(
  percent: number,
  execArgv: readonly string[] = process.execArgv,
): string | undefined {
  const flag = heapGrowthFlag(percent, execArgv);
  if (flag) setFlagsFromString(flag);
  return flag;
}
