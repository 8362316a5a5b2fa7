import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { countTokens as rawO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countIRTokensAsync, countTokens } from './count-tokens.js';
import { countWindows, WINDOW_CHARS } from './count-windows.js';
import { decodeAnthropicRequest } from './decode-request.js';

const windowsOf = (s: string) => [...countWindows(s)];

describe('countWindows (the tokenizer cost cap)', () => {
  it('cuts any text into windows of at most WINDOW_CHARS that join back to it, never inside a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 3000 }), fc.nat(3), (s, times) => {
        const text = s.repeat(times + 1);
        const ws = windowsOf(text);
        expect(ws.join('')).toBe(text);
        for (const w of ws) {
          expect(w.length).toBeGreaterThan(0);
          expect(w.length).toBeLessThanOrEqual(WINDOW_CHARS);
          const last = w.charCodeAt(w.length - 1);
          expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('cuts an unbroken run hard, and prose only before whitespace', () => {
    expect(windowsOf('A'.repeat(100_000)).length).toBe(Math.ceil(100_000 / WINDOW_CHARS));
    const prose = readFileSync(new URL('../../../docs/architecture.md', import.meta.url), 'utf8');
    for (const w of windowsOf(prose).slice(1)) expect(w[0]).toMatch(/\s/);
  });

  it('leaves the count of ordinary prose within 0.5 % of counting it whole', () => {
    const prose = readFileSync(new URL('../../../docs/architecture.md', import.meta.url), 'utf8').repeat(4);
    const whole = rawO200k(prose);
    const windowed = windowsOf(prose).reduce((n, w) => n + rawO200k(w), 0);
    expect(Math.abs(windowed - whole) / whole).toBeLessThan(0.005);
  });

  it('counts a 100 KB unbroken run like its windows (one window at a time)', () => {
    const n = countTokens({ model: 'm', messages: [{ role: 'user', content: 'A'.repeat(100_000) }] });
    const perWindow = rawO200k('A'.repeat(WINDOW_CHARS));
    const windows = Math.ceil(100_000 / WINDOW_CHARS);
    expect(n).toBeGreaterThanOrEqual(Math.ceil(perWindow * (windows - 1) * 1.15));
    expect(n).toBeLessThanOrEqual(Math.ceil(perWindow * windows * 1.15) + 4);
  });
});

describe('countIRTokensAsync', () => {
  it('gives the event loop turns while it counts a large text, and agrees with the sync count', async () => {
    const body = { model: 'm', messages: [{ role: 'user' as const, content: '漢'.repeat(200_000) }] };
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const ir = decodeAnthropicRequest(
      body,
      { now: 0, newId: (p) => p, warnings: [] },
      { requireMaxTokens: false },
    );
    const n = await countIRTokensAsync(ir);
    running = false;
    expect(n).toBe(countTokens(body));
    // 200 000 characters are ~400 windows, a turn every 32 of them.
    expect(turns).toBeGreaterThanOrEqual(10);
  });
});
