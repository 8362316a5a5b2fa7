// OpenTelemetry traces (issue 12), off unless config.json names an OTLP endpoint: an outcome
// subscriber turns each finished request into its spans (spans.ts) and hands them to the OTLP/HTTP
// JSON exporter (exporter.ts). No OpenTelemetry SDK: see docs/usage-and-metrics.md for why.
import { packageVersion } from '../cli/debug.js';
import type { TracingSettings } from '../config/settings.js';
import type { OutcomeRecord, OutcomeSubscriber } from '../gateway/pipeline/outcome.js';
import type { Logger } from '../util/log.js';
import { type ExporterStats, OtlpExporter } from './exporter.js';
import { SpanIds, spansOfOutcome } from './spans.js';

export interface Tracing {
  subscriber: OutcomeSubscriber;
  stats(): ExporterStats;
  /** Sends what is queued (bounded by the post timeout) and stops. */
  close(): Promise<void>;
}

/** `…/v1/traces` as given; any other URL is a base the OTLP traces path is appended to. */
export function tracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (!url.pathname.endsWith('/v1/traces')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.toString();
}

export function createTracing(settings: TracingSettings | undefined, log: Logger): Tracing | undefined {
  if (!settings?.otlpEndpoint) return undefined;
  const ids = new SpanIds();
  const exporter = new OtlpExporter<OutcomeRecord>({
    url: tracesUrl(settings.otlpEndpoint),
    headers: settings.headers,
    resource: { serviceName: settings.serviceName ?? 'copilot-gateway', serviceVersion: packageVersion() },
    toSpans: (record) => spansOfOutcome(record, ids.next),
    log,
    maxQueue: settings.maxQueued,
    flushMs: settings.flushMs,
    timeoutMs: settings.timeoutMs,
  });
  return {
    subscriber: (record) => exporter.push(record),
    stats: () => exporter.stats(),
    close: () => exporter.close(),
  };
}
