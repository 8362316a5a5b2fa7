import { describe, expect, it } from 'vitest';
import type { OutcomeRecord } from '../gateway/pipeline/outcome.js';
import { reportedNanoAiu } from '../gateway/pipeline/usage.js';
import { costOf } from './cost.js';
import { createPriceTable, priceTokens, shippedPrices } from './price-table.js';

function record(over: Partial<OutcomeRecord>): OutcomeRecord {
  return {
    traceId: 't',
    startedAt: 0,
    method: 'POST',
    path: '/v1/messages',
    ingress: 'anthropic',
    stream: false,
    status: 200,
    durationMs: 1,
    changes: [],
    ...over,
  };
}

describe('price table', () => {
  const table = createPriceTable();

  it('ships the reference examples (USD per 1M tokens)', () => {
    expect(table.find('gpt-5.5')).toMatchObject({ input: 5, cachedInput: 0.5, output: 30 });
    expect(table.find('claude-sonnet-5')).toMatchObject({
      input: 2,
      cachedInput: 0.2,
      cacheWrite: 2.5,
      output: 10,
    });
    expect(table.find('claude-opus-4.8')).toMatchObject({ input: 5, output: 25, cacheWrite: 6.25 });
    expect(shippedPrices().autoDiscount).toBe(0.1);
  });

  it('prices fresh input, cache reads, cache writes and output apart ($1/1M = 1e5 nano per token)', () => {
    const p = priceTokens(table.find('claude-sonnet-5')!, {
      inputTokens: 1_000_000 + 2_000_000 + 400_000,
      cachedInputTokens: 2_000_000,
      cacheWriteTokens: 400_000,
      outputTokens: 100_000,
    });
    // $2 fresh + $0.40 cached + $1.00 written + $1.00 output = $4.40 = 440 credits
    expect(p.nanoAiu).toBe(440 * 1e9);
    expect(p.tier).toBe('standard');
  });

  it('switches the whole request to the long-context tier above the threshold', () => {
    const price = table.find('gpt-5.4')!;
    const at = priceTokens(price, { inputTokens: 272_000, outputTokens: 0 });
    const above = priceTokens(price, { inputTokens: 272_001, outputTokens: 1000 });
    expect(at.tier).toBe('standard');
    expect(at.nanoAiu).toBe(Math.round(272_000 * 2.5 * 1e5));
    expect(above.tier).toBe('long-context');
    expect(above.nanoAiu).toBe(Math.round(272_001 * 5 * 1e5 + 1000 * 22.5 * 1e5));
  });

  it('prices cache writes as input when the model has no cache-write price', () => {
    const p = priceTokens(table.find('gpt-5.5')!, { inputTokens: 10, cacheWriteTokens: 4, outputTokens: 0 });
    expect(p.nanoAiu).toBe(10 * 5 * 1e5);
  });

  it('has no price for an unknown model, and config overrides win', () => {
    expect(table.find('mystery-model')).toBeUndefined();
    const t = createPriceTable({
      'mystery-model': { input: 1, output: 2 },
      'gpt-5.5': { input: 0, output: 0 },
    });
    expect(t.find('mystery-model')).toEqual({ input: 1, output: 2 });
    expect(t.find('gpt-5.5')).toEqual({ input: 0, output: 0 });
  });
});

describe('costOf', () => {
  const table = createPriceTable();
  const usage = { inputTokens: 1000, outputTokens: 500 };

  it('prefers the cost Copilot reported', () => {
    expect(costOf(record({ resolvedModel: 'gpt-5.5', usage, costNanoAiu: 123 }), table)).toEqual({
      nanoAiu: 123,
      source: 'reported',
    });
  });

  it('estimates from the resolved model when no cost was reported', () => {
    expect(costOf(record({ requestedModel: 'x', resolvedModel: 'gpt-5.5', usage }), table)).toEqual({
      nanoAiu: 1000 * 5 * 1e5 + 500 * 30 * 1e5,
      source: 'estimate',
    });
  });

  it('applies the auto discount when the client asked for auto', () => {
    const c = costOf(record({ requestedModel: 'auto', resolvedModel: 'gpt-5.5', usage }), table);
    expect(c.nanoAiu).toBe(Math.round((1000 * 5 + 500 * 30) * 1e5 * 0.9));
  });

  it('says "none" (not 0) for an unknown model or a request without usage', () => {
    expect(costOf(record({ resolvedModel: 'mystery', usage }), table)).toEqual({ source: 'none' });
    expect(costOf(record({ resolvedModel: 'gpt-5.5' }), table)).toEqual({ source: 'none' });
    expect(costOf(record({ resolvedModel: 'gpt-4.1', usage }), table)).toEqual({
      nanoAiu: 0,
      source: 'estimate',
    });
  });

  it('reads total_nano_aiu from a copilot_usage block, rejecting junk', () => {
    expect(reportedNanoAiu({ total_nano_aiu: 42, token_details: [] })).toBe(42);
    expect(reportedNanoAiu({ total_nano_aiu: '42' })).toBeUndefined();
    expect(reportedNanoAiu({ total_nano_aiu: -1 })).toBeUndefined();
    expect(reportedNanoAiu(null)).toBeUndefined();
  });
});
