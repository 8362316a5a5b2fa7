import { describe, expect, it } from 'vitest';
import {
  argFragments,
  copilotUsage,
  parseToolDirectives,
  runScript,
  type ScriptInput,
  textDeltas,
} from './scripted-model.js';
import { decryptReasoning, encryptReasoning, signReasoning, verifyReasoning } from './tokens.js';

const input = (over: Partial<ScriptInput>): ScriptInput => ({
  model: 'm',
  system: '',
  last: { kind: 'text', text: '' },
  tools: new Map(),
  reasoning: false,
  promptChars: 10,
  ...over,
});

describe('scripted model', () => {
  it('parses directives whose JSON contains brackets, and raw-string directives', () => {
    const d = parseToolDirectives(
      'a [[tool:x {"k":[[1]],"s":"]]"}]] b [[tool:y "raw ]] text"]] [[tool:bad {oops}]]',
    );
    expect(d).toEqual([
      { name: 'x', value: { k: [[1]], s: ']]' } },
      { name: 'y', value: 'raw ]] text' },
    ]);
  });

  it('answers tool results, naming the tool when known', () => {
    const out = runScript(
      input({
        last: { kind: 'tool-results', results: [{ name: 't', text: 'ok' }, { text: 'x'.repeat(300) }] },
      }),
    );
    expect(out.text).toBe(`Tool t returned: ok\nTool returned: ${'x'.repeat(200)}`);
    expect(out.calls).toEqual([]);
  });

  it('adds signed reasoning when asked and counts it in the output tokens', () => {
    const out = runScript(input({ reasoning: true, last: { kind: 'text', text: 'why?' } }));
    expect(out.reasoning!.text).toBe('Thinking about: why?');
    expect(verifyReasoning(out.reasoning!.text, out.reasoning!.signature)).toBe(true);
    expect(out.usage.reasoningTokens).toBe(Math.ceil(out.reasoning!.text.length / 4));
    expect(out.usage.outputTokens).toBeGreaterThan(out.usage.reasoningTokens);
  });

  it('reports a deterministic cache share only for long prompts', () => {
    expect(runScript(input({ promptChars: 100 })).usage.cachedTokens).toBe(0);
    const long = runScript(input({ promptChars: 40_000 })).usage;
    expect(long.inputTokens).toBe(10_000);
    expect(long.cachedTokens).toBe(4992);
  });

  it('splits text and arguments losslessly', () => {
    const t = 'Hello  there, world! ';
    expect(textDeltas(t).join('')).toBe(t);
    expect(textDeltas(t).length).toBeGreaterThan(1);
    for (const a of ['{}', '{"a":1}', 'x']) {
      const f = argFragments(a);
      expect(f.length).toBeGreaterThanOrEqual(2);
      expect(f.join('')).toBe(a);
    }
  });

  it('prices copilot_usage as in the reference example', () => {
    const u = copilotUsage(
      { inputTokens: 1180, cachedTokens: 1024, outputTokens: 64, reasoningTokens: 0 },
      1,
    );
    expect(u.total_nano_aiu).toBe(173_520_000);
    expect(
      copilotUsage({ inputTokens: 1180, cachedTokens: 1024, outputTokens: 64, reasoningTokens: 0 }, 0)
        .total_nano_aiu,
    ).toBe(0);
  });

  it('signs and encrypts reasoning so that tampering is detected', () => {
    expect(verifyReasoning('a', signReasoning('b'))).toBe(false);
    const enc = encryptReasoning('secret plan');
    expect(decryptReasoning(enc)).toBe('secret plan');
    const tampered = `gAAAAA${Buffer.from(JSON.stringify({ t: 'other', s: signReasoning('secret plan') })).toString('base64')}`;
    expect(decryptReasoning(tampered)).toBeUndefined();
  });
});
