import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../config/load.js';
import type { CopilotModel } from '../upstream/types.js';
import { NEAR_LIMIT_BYTES_PER_TOKEN } from './budget.js';
import { nothingToPrepare } from './prepare.js';

const model: CopilotModel = {
  id: 'm',
  name: 'm',
  vendor: 'test',
  supportedEndpoints: ['/chat/completions'],
  legacyEndpoints: false,
  type: 'chat',
  limits: { maxPromptTokens: 100_000, maxContextWindowTokens: 120_000 },
  supports: {},
  raw: {},
};
const settings = (file: Record<string, unknown> = {}) =>
  resolveSettings({ flags: {}, env: {}, file, dataDir: '/d' });
// Bytes at which the quick test (no output limit asked) starts counting, with the default margin.
const threshold = (s = settings()) =>
  Math.floor(100_000 * (1 - s.contextManagement.marginPercent / 100)) * NEAR_LIMIT_BYTES_PER_TOKEN;

describe('nothingToPrepare (the hook’s synchronous fast path)', () => {
  it('skips a small prompt with nothing to shape, and counts one near the limit', () => {
    const s = settings();
    expect(nothingToPrepare(s, 'openai-chat', { body: {}, bodyBytes: 1000, model })).toBe(true);
    expect(nothingToPrepare(s, 'openai-chat', { body: {}, bodyBytes: threshold() + 10, model })).toBe(false);
  });

  it('does not skip when the model has an extra prompt or a default effort', () => {
    const extra = settings({ extraPrompts: { m: 'be brief' } });
    expect(nothingToPrepare(extra, 'anthropic', { body: {}, bodyBytes: 10, model })).toBe(false);
    const effort = settings({ reasoningEffort: { '*': 'low' } });
    expect(nothingToPrepare(effort, 'gemini', { body: {}, bodyBytes: 10, model })).toBe(false);
  });

  it('reads each protocol’s output limit, which lowers the prompt budget (Gemini from its raw body)', () => {
    const s = settings();
    const bodyBytes = threshold() - 10;
    expect(nothingToPrepare(s, 'gemini', { body: {}, bodyBytes, model })).toBe(true);
    const asked = 60_000;
    expect(
      nothingToPrepare(s, 'gemini', {
        body: { generationConfig: { maxOutputTokens: asked } },
        bodyBytes,
        model,
      }),
    ).toBe(false);
    expect(nothingToPrepare(s, 'anthropic', { body: { max_tokens: asked }, bodyBytes, model })).toBe(false);
    expect(
      nothingToPrepare(s, 'openai-chat', { body: { max_completion_tokens: asked }, bodyBytes, model }),
    ).toBe(false);
    expect(
      nothingToPrepare(s, 'openai-responses', { body: { max_output_tokens: asked }, bodyBytes, model }),
    ).toBe(false);
  });
});
