// The access log: one info line per request, from its OutcomeRecord, on every path
// (passthrough, translated, errors, non-inference routes). The first outcome subscriber.
import type { Logger } from '../../util/log.js';
import type { OutcomeRecord } from './outcome.js';

/** `POST /v1/messages anthropic→/chat/completions claude-x→gpt-4.1 200 12ms ttfb=3ms in=10 out=20`. */
export function formatAccessLine(r: OutcomeRecord): string {
  let line = `${r.method} ${r.path} ${r.ingress}`;
  if (r.egress) line += `→${r.egress}${r.passthrough ? ' (passthrough)' : ''}`;
  if (r.requestedModel !== undefined || r.resolvedModel !== undefined) {
    const requested = r.requestedModel ?? '-';
    line +=
      r.resolvedModel && r.resolvedModel !== requested ? ` ${requested}→${r.resolvedModel}` : ` ${requested}`;
  }
  line += ` ${r.status}`;
  if (r.errorKind) line += ` ${r.errorKind}`;
  line += ` ${r.durationMs}ms`;
  if (r.firstByteMs !== undefined && r.stream) line += ` ttfb=${r.firstByteMs}ms`;
  if (r.usage) {
    line += ` in=${r.usage.inputTokens} out=${r.usage.outputTokens}`;
    if (r.usage.cachedInputTokens) line += ` cached=${r.usage.cachedInputTokens}`;
    if (r.usage.reasoningTokens) line += ` reasoning=${r.usage.reasoningTokens}`;
  }
  return line;
}

export function accessLogSubscriber(log: Logger): (r: OutcomeRecord) => void {
  return (r) => log.info(formatAccessLine(r), { trace: r.traceId });
}
