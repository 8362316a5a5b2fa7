import { describe, expect, it } from 'vitest';
import { encodeErrorFor } from '../gateway/protocol-errors.js';
import { applyMigrations } from '../store/sqlite/migrate.js';
import { openSqlite } from '../store/sqlite/open.js';
import { outcome } from './__fixtures__/outcome.js';
import { createBudgetTracker } from './budgets.js';
import { USAGE_MIGRATIONS } from './log/migrations.js';
import { rowFromOutcome } from './log/row-from-outcome.js';
import { createSqliteUsageRepository } from './log/sqlite-usage-repository.js';
import { createPriceTable } from './price-table.js';

const prices = createPriceTable();
const NOON = Date.UTC(2026, 9, 3, 12, 0, 0);
const credits = (n: number) => n * 1e9;

describe('budgets', () => {
  it('refuses a key past its daily credits with a 429 naming the key and the reset, until UTC midnight', () => {
    const b = createBudgetTracker(prices);
    const key = { id: 'k_1', name: 'ci-bot', limits: { dailyCredits: 5 } };
    expect(b.check(key, NOON)).toBeUndefined();
    b.subscriber(outcome({ keyId: 'k_1', startedAt: NOON, costNanoAiu: credits(3) }));
    expect(b.check(key, NOON + 1000)).toBeUndefined();
    b.subscriber(outcome({ keyId: 'k_1', startedAt: NOON + 2000, costNanoAiu: credits(2.5) }));
    const err = b.check(key, NOON + 3000);
    expect(err).toMatchObject({
      kind: 'rate_limit',
      status: 429,
      code: 'key_budget_exceeded',
      retryAfter: 12 * 3600 - 3,
    });
    expect(err?.message).toContain('API key "ci-bot" (k_1)');
    expect(err?.message).toContain('daily budget of 5.00 AI Credits (used 5.50)');
    expect(err?.message).toContain('2026-10-04T00:00:00.000Z');
    // Other keys are not affected; the next UTC day starts afresh.
    expect(b.check({ id: 'k_2', limits: { dailyCredits: 5 } }, NOON + 3000)).toBeUndefined();
    expect(b.check(key, Date.UTC(2026, 9, 4, 0, 0, 1))).toBeUndefined();
  });

  it('counts estimates when Copilot reported no cost, and monthly budgets reset on the first', () => {
    const b = createBudgetTracker(prices);
    const key = { id: 'k', limits: { monthlyCredits: 1 } };
    // 20k input tokens of gpt-5.5 at $5/1M = $0.10 = 10 credits, estimated.
    b.subscriber(outcome({ keyId: 'k', startedAt: NOON, usage: { inputTokens: 20_000, outputTokens: 0 } }));
    expect(b.spend('k', NOON).monthCredits).toBeCloseTo(10);
    const err = b.check(key, NOON);
    expect(err?.message).toContain('monthly budget');
    expect(err?.message).toContain('2026-11-01T00:00:00.000Z');
    expect(b.check(key, Date.UTC(2026, 10, 1, 0, 0, 0))).toBeUndefined();
  });

  it('limits tokens per rolling minute', () => {
    const b = createBudgetTracker(prices);
    const key = { id: 'k', name: 'agent', limits: { tpm: 5000 } };
    b.subscriber(
      outcome({ keyId: 'k', startedAt: NOON, durationMs: 0, usage: { inputTokens: 3000, outputTokens: 0 } }),
    );
    b.subscriber(
      outcome({
        keyId: 'k',
        startedAt: NOON + 20_000,
        durationMs: 0,
        usage: { inputTokens: 1500, outputTokens: 600 },
      }),
    );
    const err = b.check(key, NOON + 30_000);
    expect(err).toMatchObject({ status: 429, code: 'key_tpm_exceeded', retryAfter: 30 });
    expect(b.check(key, NOON + 60_000)).toBeUndefined(); // the first request left the window
    expect(b.spend('k', NOON + 60_000).tokensLastMinute).toBe(2100);
  });

  it('ignores records without a key and keys without limits', () => {
    const b = createBudgetTracker(prices);
    b.subscriber(outcome({ costNanoAiu: credits(1000) }));
    expect(b.check({ id: 'k' }, NOON)).toBeUndefined();
  });

  it('warms its totals from the usage log rollups', async () => {
    const db = openSqlite(':memory:');
    applyMigrations(db, USAGE_MIGRATIONS);
    const repo = createSqliteUsageRepository(db);
    await repo.insert([
      rowFromOutcome(outcome({ keyId: 'k', startedAt: Date.UTC(2026, 9, 1) }), {
        nanoAiu: credits(40),
        source: 'reported',
      }),
      rowFromOutcome(outcome({ keyId: 'k', startedAt: NOON - 1000 }), {
        nanoAiu: credits(2),
        source: 'reported',
      }),
      rowFromOutcome(outcome({ keyId: 'k', startedAt: Date.UTC(2026, 8, 30) }), {
        nanoAiu: credits(99),
        source: 'reported',
      }),
    ]);
    const b = createBudgetTracker(prices);
    await b.warm(repo, NOON);
    expect(b.spend('k', NOON)).toMatchObject({ dayCredits: 2, monthCredits: 42 });
    expect(b.check({ id: 'k', limits: { monthlyCredits: 42 } }, NOON)).toBeDefined();
    expect(b.check({ id: 'k', limits: { monthlyCredits: 43, dailyCredits: 3 } }, NOON)).toBeUndefined();
    db.close();
  });

  it('becomes a 429 in each protocol shape with retry-after', () => {
    const b = createBudgetTracker(prices);
    b.subscriber(outcome({ keyId: 'k', startedAt: NOON, costNanoAiu: credits(1) }));
    const err = b.check({ id: 'k', name: 'n', limits: { dailyCredits: 1 } }, NOON);
    if (!err) throw new Error('expected a refusal');
    const chat = encodeErrorFor('openai-chat', err);
    expect(chat.status).toBe(429);
    expect(chat.headers['retry-after']).toBe(String(12 * 3600));
    expect(JSON.stringify(chat.body)).toContain('API key \\"n\\" (k)');
    const anthropic = encodeErrorFor('anthropic', err);
    expect(anthropic.body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    const gemini = encodeErrorFor('gemini', err);
    expect(gemini.body).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
    expect(encodeErrorFor('openai-responses', err).status).toBe(429);
  });
});
