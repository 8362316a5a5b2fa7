// The OTLP/HTTP JSON encoding of a batch of spans (opentelemetry-proto ExportTraceServiceRequest
// in its JSON mapping): resourceSpans → scopeSpans → spans, ids as lowercase hex, times as
// unix-nano decimal strings, int64 attribute values as strings, enums as numbers.
import type { AttributeValue, SpanData } from './spans.js';

type OtlpValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean };

export interface OtlpResource {
  serviceName: string;
  serviceVersion: string;
}

const SPAN_KIND = { server: 2, client: 3 } as const;
const STATUS_ERROR = 2;

function value(v: AttributeValue): OtlpValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isSafeInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

function attributes(attrs: Record<string, AttributeValue>) {
  return Object.entries(attrs).map(([key, v]) => ({ key, value: value(v) }));
}

/** Epoch milliseconds as unix nanoseconds (decimal string; sub-ms digits kept when present). */
export function unixNano(ms: number): string {
  const whole = Math.floor(ms);
  const nanos = Math.min(999_999, Math.round((ms - whole) * 1e6));
  return whole === 0 ? String(nanos) : `${whole}${String(nanos).padStart(6, '0')}`;
}

export function encodeSpans(spans: SpanData[], resource: OtlpResource): unknown {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: attributes({
            'service.name': resource.serviceName,
            'service.version': resource.serviceVersion,
          }),
        },
        scopeSpans: [
          {
            scope: { name: 'copilot-gateway', version: resource.serviceVersion },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: SPAN_KIND[s.kind],
              startTimeUnixNano: unixNano(s.startMs),
              endTimeUnixNano: unixNano(s.endMs),
              attributes: attributes(s.attributes),
              status: s.error === undefined ? {} : { code: STATUS_ERROR, message: s.error },
            })),
          },
        ],
      },
    ],
  };
}
