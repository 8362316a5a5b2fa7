// Charges an answer's tokens to its key's tokens-per-minute window: an outcome subscriber
// (compose.ts registers it), so every path (passthrough, translated, stream or not) charges from
// the one usage the pipeline recorded, once the request has ended.
import type { OutcomeRecord } from '../pipeline/outcome.js';
import type { KeyLimiter } from './rate-limits.js';

/** Input (cache reads and writes included) plus output tokens. */
export function outcomeTokens(record: OutcomeRecord): number {
  const u = record.usage;
  return u ? u.inputTokens + u.outputTokens : 0;
}

export function keyUsageSubscriber(limits: KeyLimiter): (record: OutcomeRecord) => void {
  return (record) => {
    if (record.keyId !== undefined && record.usage) limits.charge(record.keyId, outcomeTokens(record));
  };
}
