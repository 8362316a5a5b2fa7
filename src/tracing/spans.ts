// An OutcomeRecord as OpenTelemetry spans: one SERVER span for the request and, when it reached
// (or tried to reach) Copilot, a CLIENT child span for the upstream call. Built after the request
// ended, from the record alone: nothing runs on the request path but the subscriber's push.
import { createHash, randomFillSync } from 'node:crypto';
import type { OutcomeRecord } from '../gateway/pipeline/outcome.js';

export type AttributeValue = string | number | boolean;

export interface SpanData {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 'server' | 'client';
  startMs: number;
  endMs: number;
  attributes: Record<string, AttributeValue>;
  /** Unset (ok) or error, with the error kind as message. */
  error?: string;
}

const HEX32 = /^[0-9a-f]{32}$/;

/**
 * The W3C trace id (32 hex digits) of a gateway trace id: a UUID (the default) is its own hex; a
 * client's x-trace-id of another shape is hashed, so the same id always lands in the same trace.
 */
export function otelTraceId(traceId: string): string {
  const hex = traceId.replaceAll('-', '').toLowerCase();
  if (HEX32.test(hex) && hex !== '0'.repeat(32)) return hex;
  return createHash('sha256').update(traceId).digest('hex').slice(0, 32);
}

/** Random 64-bit span ids, 512 at a time from one buffer (one randomBytes call costs ~3 µs). */
export class SpanIds {
  private readonly pool = Buffer.alloc(4096);
  private offset = this.pool.length;

  next = (): string => {
    if (this.offset + 8 > this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const id = this.pool.toString('hex', this.offset, this.offset + 8);
    this.offset += 8;
    // The all-zero id is invalid in W3C trace context.
    return id === '0000000000000000' ? this.next() : id;
  };
}

function putDefined(
  into: Record<string, AttributeValue>,
  values: Record<string, AttributeValue | undefined>,
): void {
  for (const [key, value] of Object.entries(values)) if (value !== undefined) into[key] = value;
}

/** Server spans of 5xx answers, and of answers that failed after their first byte, are errors. */
function requestError(r: OutcomeRecord): string | undefined {
  if (r.status >= 500) return r.errorKind ?? `http_${r.status}`;
  if (r.status >= 200 && r.status < 300 && r.errorKind && r.errorKind !== 'client_abort') return r.errorKind;
  return undefined;
}

export function spansOfOutcome(r: OutcomeRecord, spanId: () => string): SpanData[] {
  const traceId = otelTraceId(r.traceId);
  const endMs = r.startedAt + r.durationMs;
  const attributes: Record<string, AttributeValue> = {
    'http.request.method': r.method,
    'url.path': r.path,
    'http.response.status_code': r.status,
    'copilot_gateway.trace_id': r.traceId,
    'copilot_gateway.ingress': r.ingress,
    'copilot_gateway.stream': r.stream,
  };
  putDefined(attributes, {
    'copilot_gateway.egress': r.egress,
    'copilot_gateway.passthrough': r.passthrough,
    'gen_ai.request.model': r.requestedModel,
    'gen_ai.response.model': r.resolvedModel,
    'gen_ai.usage.input_tokens': r.usage?.inputTokens,
    'gen_ai.usage.output_tokens': r.usage?.outputTokens,
    'copilot_gateway.usage.cached_input_tokens': r.usage?.cachedInputTokens,
    'copilot_gateway.usage.cache_write_tokens': r.usage?.cacheWriteTokens,
    'copilot_gateway.usage.reasoning_tokens': r.usage?.reasoningTokens,
    'copilot_gateway.cost_nano_aiu': r.costNanoAiu,
    'copilot_gateway.initiator': r.initiator,
    'copilot_gateway.first_byte_ms': r.firstByteMs,
    'copilot_gateway.key_id': r.keyId,
    'copilot_gateway.account_id': r.accountId,
    'copilot_gateway.moved_from': r.movedFrom,
    'error.type': r.errorKind,
  });
  if (r.changes.length > 0) attributes['copilot_gateway.changes'] = r.changes.map((c) => c.kind).join(',');

  const server: SpanData = {
    traceId,
    spanId: spanId(),
    name: `${r.method} ${r.ingress}`,
    kind: 'server',
    startMs: r.startedAt,
    endMs,
    attributes,
    error: requestError(r),
  };
  const up = r.upstream;
  if (r.egress === undefined || up === undefined) return [server];
  const upAttributes: Record<string, AttributeValue> = { 'copilot_gateway.egress': r.egress };
  // No answer at all (connect failure, timeout): the request's error is the call's.
  const upError =
    up.status === undefined
      ? (r.errorKind ?? 'no_response')
      : up.status >= 400
        ? `http_${up.status}`
        : undefined;
  putDefined(upAttributes, {
    'http.response.status_code': up.status,
    'copilot_gateway.attempts': up.attempts,
    'copilot_gateway.account_id': r.accountId,
    'gen_ai.response.model': r.resolvedModel,
    'error.type': upError,
  });
  const client: SpanData = {
    traceId,
    spanId: spanId(),
    parentSpanId: server.spanId,
    name: `copilot ${r.egress}`,
    kind: 'client',
    startMs: up.startedAt,
    endMs: Math.min(endMs, up.startedAt + (up.durationMs ?? endMs - up.startedAt)),
    attributes: upAttributes,
    error: upError,
  };
  return [server, client];
}
