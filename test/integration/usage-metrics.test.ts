// Issue 12 wired into the pipeline: a request through the real openai SDK ends as a usage-log row
// (tokens, Copilot's reported cost, multiplier, initiator) and in the Prometheus scrape of
// GET /metrics (parsed by a Prometheus text parser); Copilot's quota headers reach the per-account
// view; the model catalogue feeds the metrics' known model names. Real sockets, the emulator.
import OpenAI from 'openai';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { openDataDirStore } from '../../src/test-support/test-store-mode.js';
import { NANO_PER_CREDIT } from '../../src/usage/price-table.js';

let stack: LocalStack;
let openai: OpenAI;

beforeAll(async () => {
  stack = await startLocalStack({ settings: { metricsToken: 'scrape-secret' } });
  openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
});

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const f = families.find((x) => x.name === name);
  expect(f, name).toBeDefined();
  return f!;
}

const labelled = (f: ParsedFamily, labels: Record<string, string>) =>
  f.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

describe('usage log and metrics from the pipeline', () => {
  it('a streamed chat request is logged with its reported cost and counted in /metrics', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gemini-3.1-pro-preview',
      messages: [{ role: 'user', content: `${'lorem ipsum '.repeat(300)} say hi` }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage?.prompt_tokens).toBeGreaterThan(0);

    const services = stack.gateway.ctx.usage;
    await services.usageLog.writer.flush();
    const rows = await services.repo.list({ model: 'gemini-3.1-pro-preview' });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      ingress: 'openai-chat',
      egress: '/chat/completions',
      status: 200,
      stream: true,
      passthrough: true,
      inputTokens: usage!.prompt_tokens,
      outputTokens: usage!.completion_tokens,
      costSource: 'reported',
      multiplier: 1,
      initiator: 'user',
    });
    expect(row.costNanoAiu).toBeGreaterThan(0);

    const res = await fetch(`${stack.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } });
    expect(res.status).toBe(200);
    const families = parsePrometheusTextFormat(await res.text());
    const requests = family(families, 'copilot_gateway_requests_total');
    expect(
      labelled(requests, {
        ingress: 'openai-chat',
        egress: '/chat/completions',
        model: 'gemini-3.1-pro-preview',
        status: '200',
      })?.value,
    ).toBe('1');
    const credits = family(families, 'copilot_gateway_credits_total');
    expect(Number(labelled(credits, { model: 'gemini-3.1-pro-preview' })?.value)).toBeCloseTo(
      row.costNanoAiu! / NANO_PER_CREDIT,
      9,
    );

    // Copilot's x-quota-snapshot header of that answer is in the quota view of the account that
    // served it (the pool's id, also in the usage row).
    expect(row.accountId).toBeDefined();
    // The pool's view of that account, scraped: one state gauge set to 1, and it is active.
    const states = family(families, 'copilot_gateway_account_state');
    expect(labelled(states, { account: row.accountId!, state: 'active' })?.value).toBe('1');
    expect(services.quota.view(row.accountId!).snapshots.premium_interactions).toBeDefined();
  });

  it('refuses /metrics without the token, in the metrics route shape', async () => {
    const res = await fetch(`${stack.url}/metrics`, { headers: { authorization: 'Bearer wrong' } });
    expect([401, 403]).toContain(res.status);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/metrics/i);
  });

  it('without metricsToken loopback scrapes freely; the log is in gateway.db once the gateway closed', async () => {
    const local = await startLocalStack();
    try {
      const client = new OpenAI({ baseURL: `${local.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
      // A model the price table does not list is a label of its own (the catalogue refresh fed
      // the metrics' known names), not "other".
      await fetch(`${local.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-41-copilot', messages: [{ role: 'user', content: 'hi' }] }),
      });
      const scrape = await fetch(`${local.url}/metrics`);
      expect(scrape.status).toBe(200);
      const requests = family(
        parsePrometheusTextFormat(await scrape.text()),
        'copilot_gateway_requests_total',
      );
      expect(labelled(requests, { model: 'gpt-41-copilot' })).toBeDefined();
      expect(labelled(requests, { model: 'other' })).toBeUndefined();
      await local.gateway.close();
      // What `copilot-gateway usage log` reads: the data dir's store (gateway.db, or PostgreSQL with
      // COPILOT_GATEWAY_TEST_STORE=postgres), from another connection.
      const db = await openDataDirStore(local.settings.dataDir);
      try {
        const rows = await db.usage.list({});
        expect(rows.map((r) => [r.ingress, r.resolvedModel, r.status])).toContainEqual([
          'openai-chat',
          'gpt-4.1',
          200,
        ]);
      } finally {
        await db.close();
      }
    } finally {
      await local.close().catch(() => undefined);
    }
  });
});
