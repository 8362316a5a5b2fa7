// The access log: one line per finished request, from the pipeline's OutcomeRecord. In the json
// log format the line carries every field of the record (for collectors); in the text format it is
// a short line a person can scan, with the trace id to find the rest.
import type { OutcomeRecord, OutcomeSubscriber } from '../gateway/pipeline/outcome.js';
import type { LogFormat, Logger } from './log.js';

function textSummary(r: OutcomeRecord): string {
  const model = r.resolvedModel ?? r.requestedModel;
  const parts = [`${r.method} ${r.path} → ${r.status}`];
  if (model)
    parts.push(r.requestedModel && r.requestedModel !== model ? `${r.requestedModel}→${model}` : model);
  if (r.egress) parts.push(`via ${r.egress}${r.passthrough ? ' (passthrough)' : ''}`);
  if (r.usage) parts.push(`${r.usage.inputTokens}+${r.usage.outputTokens} tokens`);
  parts.push(`${r.durationMs} ms`);
  if (r.errorKind) parts.push(r.errorKind);
  return parts.join(' ');
}

export function accessLogSubscriber(log: Logger, format: LogFormat): OutcomeSubscriber {
  return (record) => {
    if (format === 'json') log.info('request', { ...record });
    else log.info(textSummary(record), { trace: record.traceId });
  };
}
