// A key's credit budget, end to end: the usage log's running totals (fed by the outcome of each
// request, with Copilot's own reported cost) refuse the key's next request once its daily budget
// is spent, with a 429 in the caller's protocol naming the key and the reset; other keys go on.
// Also: once keys exist, GET /metrics needs an admin-scoped key.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({});
});
afterAll(async () => {
  await stack?.close();
});

const chat = (key: string) =>
  new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({
    model: 'claude-sonnet-4.5',
    messages: [{ role: 'user', content: 'Hi' }],
  });

describe('per-key credit budgets', () => {
  it('refuses a key past its daily budget in its own protocol; other keys keep working', async () => {
    const { secret: tight } = await stack.store.keys.create({
      name: 'tight-budget',
      limits: { dailyCredits: 0.000001 },
    });
    const { secret: roomy } = await stack.store.keys.create({
      name: 'roomy',
      limits: { dailyCredits: 1000 },
    });

    // The first request is admitted: its cost is only known once it has ended.
    const first = await chat(tight);
    expect(first.choices[0].message.content).toContain('You said: Hi');

    const refused = await chat(tight).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    const err = refused as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/tight-budget/);
    expect(err.message).toMatch(/daily budget/);
    expect(Number(err.headers?.get('retry-after'))).toBeGreaterThan(0);

    // Anthropic's shape for the same key.
    const anthropic = new Anthropic({ baseURL: stack.url, apiKey: tight, maxRetries: 0 });
    const a = await anthropic.messages
      .create({ model: 'claude-sonnet-4.5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e);
    expect(a).toBeInstanceOf(Anthropic.RateLimitError);

    expect((await chat(roomy)).choices[0].message.content).toContain('You said: Hi');
  });

  it('once keys exist, /metrics needs a key with an admin scope (loopback alone no longer suffices)', async () => {
    const { secret: inference } = await stack.store.keys.create({ name: 'scraper-inference' });
    const { secret: admin } = await stack.store.keys.create({ name: 'scraper', scopes: ['admin:read'] });
    expect((await fetch(`${stack.url}/metrics`)).status).toBe(401);
    const weak = await fetch(`${stack.url}/metrics`, { headers: { authorization: `Bearer ${inference}` } });
    expect(weak.status).toBe(401);
    const ok = await fetch(`${stack.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('copilot_gateway_requests_total');
  });
});
