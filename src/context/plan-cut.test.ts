// Invariants of the cut, as properties over agent-shaped conversations: the task and system units
// stay, no tool call is separated from its result, the kept history reads user → assistant after
// the task, and the smallest fitting cut is chosen.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CutUnit, isDropped, planCut, taskIndex, validCuts } from './plan-cut.js';

/** A conversation: task, then steps (assistant with calls + user with their results) and user turns. */
const conversation = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant('step' as const),
        calls: fc.integer({ min: 0, max: 3 }),
        text: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('turn' as const), system: fc.boolean() }),
    ),
    { minLength: 0, maxLength: 25 },
  )
  .map((steps) => {
    const units: CutUnit[] = [{ role: 'user', userText: true, calls: [], results: [] }];
    let id = 0;
    let lastAssistant = false;
    for (const s of steps) {
      if (s.kind === 'step') {
        const ids = Array.from({ length: s.calls }, () => `call_${id++}`);
        units.push({ role: 'assistant', userText: false, calls: ids, results: [] });
        lastAssistant = true;
        if (ids.length) {
          units.push({ role: 'user', userText: s.text, calls: [], results: ids });
          lastAssistant = false;
        }
      } else {
        if (s.system) units.push({ role: 'system', userText: false, calls: [], results: [] });
        if (!lastAssistant) units.push({ role: 'assistant', userText: false, calls: [], results: [] });
        units.push({ role: 'user', userText: true, calls: [], results: [] });
        lastAssistant = false;
      }
    }
    return units;
  });

const withTokens = conversation.chain((units) =>
  fc.record({
    units: fc.constant(units),
    tokens: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: units.length, maxLength: units.length }),
    base: fc.integer({ min: 0, max: 3000 }),
    target: fc.integer({ min: 0, max: 60_000 }),
  }),
);

describe('planCut', () => {
  it('keeps the task, system units and the last unit; never orphans a tool result or call', () => {
    fc.assert(
      fc.property(withTokens, ({ units, tokens, base, target }) => {
        const plan = planCut(units, tokens, base, target);
        const gone = new Set(plan.dropped);
        const task = taskIndex(units);
        for (let i = 0; i <= task; i++) expect(gone.has(i)).toBe(false);
        for (const [i, u] of units.entries()) if (u.role === 'system') expect(gone.has(i)).toBe(false);
        expect(gone.has(units.length - 1)).toBe(false);
        const keptCalls = new Set(units.flatMap((u, i) => (gone.has(i) ? [] : u.calls)));
        const keptResults = new Set(units.flatMap((u, i) => (gone.has(i) ? [] : u.results)));
        const allResults = new Set(units.flatMap((u) => u.results));
        for (const r of keptResults) expect(keptCalls.has(r)).toBe(true);
        for (const c of keptCalls) if (allResults.has(c)) expect(keptResults.has(c)).toBe(true);
        if (plan.cut !== undefined) expect(units[plan.cut].role).toBe('assistant');
        const kept = base + tokens.reduce((s, t, i) => s + (gone.has(i) ? 0 : t), 0);
        expect(plan.tokens).toBe(kept);
        if (!plan.overflow) expect(plan.tokens).toBeLessThanOrEqual(target);
      }),
      { numRuns: 300 },
    );
  });

  it('chooses the smallest valid cut that fits, and drops nothing when the whole fits', () => {
    fc.assert(
      fc.property(withTokens, ({ units, tokens, base, target }) => {
        const plan = planCut(units, tokens, base, target);
        const total = base + tokens.reduce((a, b) => a + b, 0);
        if (total <= target) {
          expect(plan.dropped).toEqual([]);
          return;
        }
        const task = taskIndex(units);
        for (const k of validCuts(units)) {
          if (plan.cut !== undefined && k >= plan.cut) break;
          let kept = base;
          for (let i = 0; i < units.length; i++) if (!isDropped(units, task, k, i)) kept += tokens[i];
          expect(kept).toBeGreaterThan(target);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not cut between a call and its result', () => {
    const units: CutUnit[] = [
      { role: 'user', userText: true, calls: [], results: [] },
      { role: 'assistant', userText: false, calls: ['a'], results: [] },
      { role: 'user', userText: false, calls: [], results: ['a'] },
      { role: 'assistant', userText: false, calls: ['b'], results: [] },
      { role: 'tool', userText: false, calls: [], results: ['b'] },
      { role: 'assistant', userText: false, calls: [], results: [] },
      { role: 'user', userText: true, calls: [], results: [] },
    ];
    expect(validCuts(units)).toEqual([3, 5]);
  });
});
