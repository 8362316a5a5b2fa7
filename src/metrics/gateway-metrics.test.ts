import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { outcome } from '../usage/__fixtures__/outcome.js';
import { createPriceTable } from '../usage/price-table.js';
import { createGatewayMetrics, type GatewayMetrics } from './gateway-metrics.js';
import { createMetricsAccess, type MetricsAccessOptions } from './metrics-access.js';
import { serveMetrics } from './serve-metrics.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function serve(metrics: GatewayMetrics, access: MetricsAccessOptions = {}): Promise<string> {
  const check = createMetricsAccess(access);
  const server = createServer((req, res) => void serveMetrics(req, res, metrics, check));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const f = families.find((x) => x.name === name);
  if (!f) throw new Error(`no metric ${name}`);
  return f;
}

function sample(f: ParsedFamily, labels: Record<string, string>) {
  return f.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
}

describe('gateway metrics', () => {
  it('serves every named metric in the Prometheus text format, fed from outcome records', async () => {
    let inflight = 3;
    const metrics = createGatewayMetrics({
      prices: createPriceTable(),
      inflight: () => inflight,
      accountStates: () => [
        { account: 'work', state: 'active' },
        { account: 'home', state: 'cooling_down' },
      ],
    });
    metrics.setKnownModels(['catalogue-only-model']);
    metrics.subscriber(
      outcome({
        costNanoAiu: 2_500_000_000,
        usage: { inputTokens: 1000, cachedInputTokens: 200, outputTokens: 50, reasoningTokens: 10 },
      }),
    );
    metrics.subscriber(outcome({ resolvedModel: 'catalogue-only-model', stream: true }));
    metrics.subscriber(outcome({ resolvedModel: 'user-typed-garbage-{}', requestedModel: 'x' }));
    metrics.subscriber(
      outcome({
        ingress: 'anthropic',
        status: 502,
        errorKind: 'upstream',
        accountId: 'work',
        usage: undefined,
        firstByteMs: undefined,
      }),
    );
    metrics.subscriber(
      outcome({
        ingress: 'gemini',
        egress: undefined,
        status: 400,
        errorKind: 'invalid_request',
        resolvedModel: undefined,
        requestedModel: undefined,
        usage: undefined,
      }),
    );
    metrics.subscriber(outcome({ resolvedModel: 'claude-sonnet-5' })); // estimated from the price table
    inflight = 5;
    const res = await fetch(await serve(metrics));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const families = parsePrometheusTextFormat(await res.text());

    const requests = family(families, 'copilot_gateway_requests_total');
    expect(requests.type).toBe('COUNTER');
    expect(
      sample(requests, {
        ingress: 'openai-chat',
        egress: '/chat/completions',
        model: 'gpt-5.5',
        status: '200',
      })?.value,
    ).toBe('1');
    expect(sample(requests, { model: 'catalogue-only-model' })?.value).toBe('1');
    expect(sample(requests, { model: 'other' })?.value).toBe('1'); // unbounded input never becomes a label
    expect(sample(requests, { ingress: 'gemini', egress: 'none', model: 'none', status: '400' })?.value).toBe(
      '1',
    );
    expect(requests.metrics.some((m) => m.labels?.model?.includes('garbage'))).toBe(false);

    // The text parser flattens labelled histograms into one sample (a limitation of the library):
    // check their type there and their series through the registry's own JSON view.
    expect(family(families, 'copilot_gateway_request_duration_seconds').type).toBe('HISTOGRAM');
    expect(family(families, 'copilot_gateway_first_byte_seconds').type).toBe('HISTOGRAM');
    const json = await metrics.registry.getMetricsAsJSON();
    const series = (name: string, suffix: string, labels: Record<string, string | number>) =>
      json
        .find((m) => m.name === name)
        ?.values.find(
          (v) =>
            (v as { metricName?: string }).metricName === `${name}${suffix}` &&
            Object.entries(labels).every(([k, x]) => v.labels[k] === x),
        )?.value;
    const gpt = { ingress: 'openai-chat', model: 'gpt-5.5' };
    expect(series('copilot_gateway_request_duration_seconds', '_count', gpt)).toBe(1);
    expect(series('copilot_gateway_request_duration_seconds', '_sum', gpt)).toBeCloseTo(0.12);
    expect(series('copilot_gateway_first_byte_seconds', '_bucket', { ...gpt, le: 0.05 })).toBe(1);
    expect(series('copilot_gateway_first_byte_seconds', '_bucket', { ...gpt, le: 0.025 })).toBe(0);
    expect(
      series('copilot_gateway_first_byte_seconds', '_count', { ingress: 'anthropic', model: 'gpt-5.5' }),
    ).toBeUndefined();

    const tokens = family(families, 'copilot_gateway_tokens_total');
    expect(sample(tokens, { model: 'gpt-5.5', kind: 'input' })?.value).toBe('1000');
    expect(sample(tokens, { model: 'gpt-5.5', kind: 'cached_input' })?.value).toBe('200');
    expect(sample(tokens, { model: 'gpt-5.5', kind: 'reasoning' })?.value).toBe('10');

    // Reported cost, an estimate, and nothing at all for models without a price.
    const creditsFamily = family(families, 'copilot_gateway_credits_total');
    expect(Number(sample(creditsFamily, { model: 'gpt-5.5' })?.value)).toBeCloseTo(2.5);
    expect(sample(creditsFamily, { model: 'catalogue-only-model' })).toBeUndefined();
    expect(sample(creditsFamily, { model: 'other' })).toBeUndefined();
    expect(Number(sample(creditsFamily, { model: 'claude-sonnet-5' })?.value)).toBeCloseTo(
      (1000 * 2 + 100 * 10) / 1e4,
    );

    const errors = family(families, 'copilot_gateway_upstream_errors_total');
    expect(errors.metrics).toHaveLength(1); // the 400 never reached Copilot
    expect(sample(errors, { account: 'work', kind: 'upstream' })?.value).toBe('1');
    expect(family(families, 'copilot_gateway_inflight_requests').metrics[0].value).toBe('5');
    const states = family(families, 'copilot_gateway_account_state');
    expect(sample(states, { account: 'home', state: 'cooling_down' })?.value).toBe('1');
    expect(family(families, 'process_cpu_seconds_total').type).toBe('COUNTER');
    expect(family(families, 'nodejs_heap_size_used_bytes').type).toBe('GAUGE');
  });

  it('keeps one registry per gateway', async () => {
    const a = createGatewayMetrics({ prices: createPriceTable(), inflight: () => 0, defaultMetrics: false });
    const b = createGatewayMetrics({ prices: createPriceTable(), inflight: () => 0, defaultMetrics: false });
    a.subscriber(outcome());
    const text = (await b.scrape()).body;
    expect(text).not.toMatch(/copilot_gateway_requests_total\{/);
    expect((await a.scrape()).body).toMatch(/copilot_gateway_requests_total\{/);
  });
});

describe('/metrics access', () => {
  const fakeReq = (remoteAddress: string, authorization?: string) =>
    ({
      socket: { remoteAddress },
      headers: authorization ? { authorization } : {},
    }) as unknown as IncomingMessage;

  it('serves loopback without a token, refuses other addresses with a message that says what to do', () => {
    const check = createMetricsAccess({});
    expect(check(fakeReq('127.0.0.1'))).toEqual({ ok: true });
    expect(check(fakeReq('::ffff:127.0.0.1'))).toEqual({ ok: true });
    const refused = check(fakeReq('10.1.2.3'));
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect(!refused.ok && refused.message).toContain('metricsToken');
  });

  it('requires the Bearer metricsToken once one is set, even on loopback', async () => {
    const check = createMetricsAccess({ metricsToken: 's3cret-metrics' });
    expect(check(fakeReq('10.1.2.3', 'Bearer s3cret-metrics'))).toEqual({ ok: true });
    expect(check(fakeReq('127.0.0.1'))).toMatchObject({ ok: false, status: 401 });
    expect(check(fakeReq('127.0.0.1', 'Bearer wrong'))).toMatchObject({ ok: false, status: 401 });
    const metrics = createGatewayMetrics({
      prices: createPriceTable(),
      inflight: () => 0,
      defaultMetrics: false,
    });
    const url = await serve(metrics, { metricsToken: 's3cret-metrics' });
    const denied = await fetch(url);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await denied.json()) as { error: { message: string } }).error.message).toContain('metricsToken');
    expect((await fetch(url, { headers: { authorization: 'Bearer s3cret-metrics' } })).status).toBe(200);
  });

  it('lets an admin in and shuts anonymous loopback once keys exist', () => {
    const check = createMetricsAccess({
      isAdmin: (req) => req.headers.authorization === 'Bearer admin',
      anonymousLoopback: false,
    });
    expect(check(fakeReq('10.0.0.1', 'Bearer admin'))).toEqual({ ok: true });
    expect(check(fakeReq('127.0.0.1'))).toMatchObject({ ok: false, status: 401 });
  });
});
