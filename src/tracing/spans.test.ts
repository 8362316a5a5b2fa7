import { describe, expect, it } from 'vitest';
import type { OutcomeRecord } from '../gateway/pipeline/outcome.js';
import { encodeSpans, unixNano } from './otlp-json.js';
import { otelTraceId, SpanIds, spansOfOutcome } from './spans.js';
import { tracesUrl } from './tracing.js';

const base: OutcomeRecord = {
  traceId: '0b7c2a5e-1f3d-4c8e-9a6b-2d4f6e8a0c1e',
  startedAt: 1_800_000_000_000,
  method: 'POST',
  path: '/v1/chat/completions',
  ingress: 'openai-chat',
  stream: true,
  status: 200,
  durationMs: 900,
  changes: [],
};

let n = 0;
const ids = () => (++n).toString(16).padStart(16, '0');

describe('spans of an outcome record', () => {
  it('a request that reached Copilot is a server span with the upstream call as its child', () => {
    const [server, client, ...rest] = spansOfOutcome(
      {
        ...base,
        egress: '/chat/completions',
        requestedModel: 'gpt-5-mini',
        resolvedModel: 'gpt-5-mini',
        usage: { inputTokens: 12, outputTokens: 34, reasoningTokens: 5 },
        costNanoAiu: 1500,
        accountId: 'acct-1',
        keyId: 'key-1',
        upstream: { startedAt: 1_800_000_000_100, durationMs: 700, status: 200, attempts: 2 },
      },
      ids,
    );
    expect(rest).toEqual([]);
    expect(server).toMatchObject({
      traceId: '0b7c2a5e1f3d4c8e9a6b2d4f6e8a0c1e',
      kind: 'server',
      name: 'POST openai-chat',
      startMs: 1_800_000_000_000,
      endMs: 1_800_000_000_900,
      error: undefined,
    });
    expect(server!.parentSpanId).toBeUndefined();
    expect(server!.attributes).toMatchObject({
      'copilot_gateway.ingress': 'openai-chat',
      'copilot_gateway.egress': '/chat/completions',
      'gen_ai.request.model': 'gpt-5-mini',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 34,
      'copilot_gateway.usage.reasoning_tokens': 5,
      'copilot_gateway.cost_nano_aiu': 1500,
      'copilot_gateway.account_id': 'acct-1',
      'http.response.status_code': 200,
    });
    expect(client).toMatchObject({
      traceId: server!.traceId,
      parentSpanId: server!.spanId,
      kind: 'client',
      name: 'copilot /chat/completions',
      startMs: 1_800_000_000_100,
      endMs: 1_800_000_000_800,
      attributes: { 'http.response.status_code': 200, 'copilot_gateway.attempts': 2 },
    });
  });

  it('no Copilot call: one span; a failure mid-stream and a call without an answer are errors', () => {
    expect(spansOfOutcome({ ...base, status: 404, errorKind: 'not_found' }, ids)).toHaveLength(1);
    expect(spansOfOutcome({ ...base, status: 404, errorKind: 'not_found' }, ids)[0]!.error).toBeUndefined();
    const [server, client] = spansOfOutcome(
      {
        ...base,
        status: 502,
        errorKind: 'upstream_unreachable',
        egress: '/chat/completions',
        upstream: { startedAt: base.startedAt + 5 },
      },
      ids,
    );
    expect(server!.error).toBe('upstream_unreachable');
    expect(client!.error).toBe('upstream_unreachable');
    expect(client!.endMs).toBe(base.startedAt + base.durationMs);
    const [cut] = spansOfOutcome({ ...base, errorKind: 'stream_error' }, ids);
    expect(cut!.error).toBe('stream_error');
    const [aborted] = spansOfOutcome({ ...base, errorKind: 'client_abort' }, ids);
    expect(aborted!.error).toBeUndefined();
  });

  it('span ids: 16 hex digits, distinct across more than one refill of the pool', () => {
    const source = new SpanIds();
    const seen = new Set(Array.from({ length: 2000 }, () => source.next()));
    expect(seen.size).toBe(2000);
    for (const id of seen) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('trace ids: a UUID is its own hex, any other x-trace-id is hashed to 32 hex digits', () => {
    expect(otelTraceId('0B7C2A5E-1F3D-4C8E-9A6B-2D4F6E8A0C1E')).toBe('0b7c2a5e1f3d4c8e9a6b2d4f6e8a0c1e');
    const other = otelTraceId('my-trace.42');
    expect(other).toMatch(/^[0-9a-f]{32}$/);
    expect(otelTraceId('my-trace.42')).toBe(other);
    expect(otelTraceId('0'.repeat(32))).not.toBe('0'.repeat(32));
  });
});

describe('OTLP JSON encoding', () => {
  it('resourceSpans → scopeSpans → spans, unix-nano strings, typed attribute values', () => {
    const spans = spansOfOutcome(
      { ...base, egress: '/responses', upstream: { startedAt: base.startedAt } },
      ids,
    );
    const body = encodeSpans(spans, { serviceName: 'copilot-gateway', serviceVersion: '1.2.3' }) as {
      resourceSpans: {
        resource: { attributes: { key: string; value: unknown }[] };
        scopeSpans: { spans: Record<string, unknown>[] }[];
      }[];
    };
    const rs = body.resourceSpans[0]!;
    expect(rs.resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'copilot-gateway' },
    });
    const [server, client] = rs.scopeSpans[0]!.spans;
    expect(server).toMatchObject({ kind: 2, startTimeUnixNano: '1800000000000000000', status: {} });
    expect(server!.parentSpanId).toBeUndefined();
    expect(server!.attributes).toContainEqual({
      key: 'http.response.status_code',
      value: { intValue: '200' },
    });
    expect(server!.attributes).toContainEqual({ key: 'copilot_gateway.stream', value: { boolValue: true } });
    expect(client).toMatchObject({
      kind: 3,
      parentSpanId: server!.spanId,
      endTimeUnixNano: '1800000000900000000',
    });
    expect(client!.status).toEqual({ code: 2, message: 'no_response' });
    expect(unixNano(1.5)).toBe('1500000');
  });

  it('the endpoint: a base URL gets /v1/traces, a traces URL is kept', () => {
    expect(tracesUrl('http://127.0.0.1:4318')).toBe('http://127.0.0.1:4318/v1/traces');
    expect(tracesUrl('http://collector/otlp/')).toBe('http://collector/otlp/v1/traces');
    expect(tracesUrl('https://c.example/v1/traces')).toBe('https://c.example/v1/traces');
  });
});
