// The emulator bills every answer at the gateway's price table and serves the billing API; the
// gateway's billing client reads it back, so logged cost can be reconciled with "GitHub's" bill.
import { afterEach, describe, expect, it } from 'vitest';
import { fetchAiCreditUsage } from '../github/billing.js';
import { createPriceTable, NANO_PER_CREDIT, priceTokens } from '../usage/price-table.js';
import { type Emulator, startEmulator } from './index.js';
import { asAny, postJson } from './test-support.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const now = new Date();
const query = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, userAgent: 'test/1' };

describe('emulator billing', () => {
  it('reports copilot_usage from the price table and bills the same sum through the billing API', async () => {
    emu = await startEmulator({ githubTokenScopes: ['read:user', 'user'] });
    const token = emu.issueCopilotToken();
    const prices = createPriceTable();
    let billed = 0;
    // A long prompt gets a cached share: cache reads are priced apart.
    const long = 'word '.repeat(12_000);
    for (const [model, text] of [
      ['gpt-5.4', 'hello'],
      ['claude-sonnet-4.5', long],
      ['gpt-4.1', 'free'],
    ] as const) {
      const path = model === 'gpt-5.4' ? '/responses' : '/chat/completions';
      const body =
        model === 'gpt-5.4' ? { model, input: text } : { model, messages: [{ role: 'user', content: text }] };
      const b = asAny(await (await postJson(`${emu.copilotUrl}${path}`, token, body)).json());
      const u = b.usage;
      const tokens =
        path === '/responses'
          ? {
              inputTokens: u.input_tokens,
              cachedInputTokens: u.input_tokens_details?.cached_tokens ?? 0,
              outputTokens: u.output_tokens,
            }
          : {
              inputTokens: u.prompt_tokens,
              cachedInputTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
              outputTokens: u.completion_tokens,
            };
      // The gateway's estimate from the same tokens equals what the emulator reported.
      const estimate = priceTokens(prices.find(model)!, tokens).nanoAiu;
      expect(b.copilot_usage.total_nano_aiu).toBe(estimate);
      billed += b.copilot_usage.total_nano_aiu;
      if (model === 'claude-sonnet-4.5') expect(tokens.cachedInputTokens).toBeGreaterThan(0);
      if (model === 'gpt-4.1') expect(estimate).toBe(0);
      else expect(estimate).toBeGreaterThan(0);
    }
    const usage = await fetchAiCreditUsage({
      ...query,
      githubApiUrl: emu.githubUrl,
      githubToken: 'ghu_emulator_token',
      user: 'octocat',
    });
    expect(usage.available).toBe(true);
    if (!usage.available) return;
    expect(usage.nanoAiu).toBe(billed);
    expect(usage.credits).toBeCloseTo(billed / NANO_PER_CREDIT, 9);
    expect(Object.keys(usage.byModel).sort()).toEqual(['claude-sonnet-4.5', 'gpt-4.1', 'gpt-5.4']);
    const req = emu.requests.find((r) => r.path.includes('/billing/'));
    expect(req?.headers['x-github-api-version']).toBe('2026-03-10');
  });

  it('answers "not available" without the user scope, 404 for another user, 400 for a bad month', async () => {
    emu = await startEmulator();
    const base = { ...query, githubApiUrl: emu.githubUrl, githubToken: 'ghu_emulator_token' };
    const noScope = await fetchAiCreditUsage({ ...base, user: 'octocat' });
    expect(noScope).toMatchObject({ available: false, status: 403 });
    await emu.close();
    emu = await startEmulator({ githubTokenScopes: ['user'] });
    const other = await fetchAiCreditUsage({ ...base, githubApiUrl: emu.githubUrl, user: 'someone-else' });
    expect(other).toMatchObject({ available: false, status: 404 });
    await expect(
      fetchAiCreditUsage({ ...base, githubApiUrl: emu.githubUrl, user: 'octocat', month: 13 }),
    ).rejects.toThrow(/HTTP 400/);
    const bad = await fetch(`${emu.githubUrl}/users/octocat/settings/billing/ai_credit/usage`, {
      headers: { authorization: 'token nope' },
    });
    expect(bad.status).toBe(401);
  });
});
