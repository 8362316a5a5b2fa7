// Fault rules, matched in injection order. Faults that replace the response ("pre") are taken
// when a request arrives; stream faults are taken only when a successful body is about to be
// written, so a request that fails validation does not use up a stream fault meant for later.
import { isCopilotFailure } from './faults-copilot.js';
import type { FaultKind, FaultRule } from './types.js';

export type PreFault = Extract<
  FaultKind,
  { kind: 'status' | 'expired-token' | 'delay-headers' | 'drop-connection' | 'copilot-failure' }
>;
export type StreamFault = Extract<FaultKind, { kind: 'cut-stream' | 'slow-stream' | 'silent' }>;

const PRE_KINDS = new Set(['status', 'expired-token', 'delay-headers', 'drop-connection', 'copilot-failure']);

export interface FaultTarget {
  server: 'github' | 'copilot';
  /** Paths the rule's `path` may equal (e.g. '/api/v3/user' and '/user'). */
  paths: string[];
  model?: string;
}

interface LiveRule {
  rule: FaultRule;
  left: number;
}

export class FaultStore {
  private rules: LiveRule[] = [];

  add(rule: FaultRule): void {
    validateRule(rule);
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  takePre(target: FaultTarget): PreFault | undefined {
    return this.take(target, true) as PreFault | undefined;
  }

  takeStream(target: FaultTarget): StreamFault | undefined {
    return this.take(target, false) as StreamFault | undefined;
  }

  private take(target: FaultTarget, pre: boolean): FaultKind | undefined {
    if (this.rules.length === 0) return undefined;
    for (let i = 0; i < this.rules.length; i++) {
      const live = this.rules[i];
      if (PRE_KINDS.has(live.rule.fault.kind) !== pre) continue;
      if (!matches(live.rule, target)) continue;
      live.left -= 1;
      if (live.left <= 0) this.rules.splice(i, 1);
      return live.rule.fault;
    }
    return undefined;
  }
}

function matches(rule: FaultRule, t: FaultTarget): boolean {
  const m = rule.match;
  if (!m) return true;
  if (m.server !== undefined && m.server !== t.server) return false;
  if (m.path !== undefined && !t.paths.includes(m.path)) return false;
  if (m.model !== undefined && m.model !== t.model) return false;
  return true;
}

/** Rejects malformed rules early (they also arrive as JSON over the control API). */
export function validateRule(rule: unknown): asserts rule is FaultRule {
  if (!rule || typeof rule !== 'object') throw new Error('fault rule must be an object');
  const r = rule as Record<string, unknown>;
  const f = r.fault as Record<string, unknown> | undefined;
  if (!f || typeof f.kind !== 'string') throw new Error('fault rule needs fault.kind');
  const num = (name: string, optional = false) => {
    const v = f[name];
    if (optional && v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new Error(`fault ${f.kind} needs ${name} >= 0`);
  };
  switch (f.kind) {
    case 'status':
      if (typeof f.status !== 'number' || f.status < 100 || f.status > 599)
        throw new Error('status fault needs status');
      break;
    case 'cut-stream':
      num('afterEvents');
      break;
    case 'slow-stream':
    case 'delay-headers':
      num('delayMs');
      break;
    case 'silent':
      num('silenceMs');
      num('afterEvents', true);
      break;
    case 'copilot-failure':
      if (!isCopilotFailure(f.failure)) throw new Error(`unknown Copilot failure ${String(f.failure)}`);
      break;
    case 'expired-token':
    case 'drop-connection':
      break;
    default:
      throw new Error(`unknown fault kind ${String(f.kind)}`);
  }
  if (r.times !== undefined && (typeof r.times !== 'number' || r.times < 1))
    throw new Error('times must be >= 1');
}
