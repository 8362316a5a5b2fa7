// CSV export of usage rows (RFC 4180: CRLF, quotes doubled), for the admin API's download.
// Cells that a spreadsheet would run as a formula (= + - @ first) are prefixed with a quote.
import type { UsageRow } from './types.js';

const COLUMNS: [string, (r: UsageRow) => unknown][] = [
  ['time', (r) => new Date(r.tsMs).toISOString()],
  ['trace_id', (r) => r.traceId],
  ['key_id', (r) => r.keyId],
  ['account_id', (r) => r.accountId],
  ['ingress', (r) => r.ingress],
  ['egress', (r) => r.egress],
  ['requested_model', (r) => r.requestedModel],
  ['resolved_model', (r) => r.resolvedModel],
  ['status', (r) => r.status],
  ['error_kind', (r) => r.errorKind],
  ['stream', (r) => r.stream],
  ['input_tokens', (r) => r.inputTokens],
  ['cached_input_tokens', (r) => r.cachedInputTokens],
  ['cache_write_tokens', (r) => r.cacheWriteTokens],
  ['output_tokens', (r) => r.outputTokens],
  ['reasoning_tokens', (r) => r.reasoningTokens],
  ['cost_nano_aiu', (r) => r.costNanoAiu],
  ['cost_source', (r) => r.costSource],
  ['multiplier', (r) => r.multiplier],
  ['initiator', (r) => r.initiator],
  ['first_byte_ms', (r) => r.firstByteMs],
  ['duration_ms', (r) => r.durationMs],
  ['changes', (r) => r.changes.map((c) => `${c.kind}: ${c.detail}`).join('; ')],
];

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function usageCsvHeader(): string {
  return `${COLUMNS.map(([name]) => name).join(',')}\r\n`;
}

/** One CSV line per row (no header), so a large export can be streamed page by page. */
export function usageCsvLines(rows: readonly UsageRow[]): string {
  let out = '';
  for (const r of rows) out += `${COLUMNS.map(([, get]) => cell(get(r))).join(',')}\r\n`;
  return out;
}
