// Responses has no finish reason: it has a response status plus `incomplete_details.reason`, and
// tool calls are visible only as items in the output. These helpers go both ways.
import type { IRFinishReason } from '../ir/types.js';
import type { ResponsesStatus } from './wire-types.js';

export interface ResponsesTerminalStatus {
  status: ResponsesStatus;
  incompleteReason?: 'max_output_tokens' | 'content_filter';
}

export function finishReasonToStatus(reason: IRFinishReason): ResponsesTerminalStatus {
  switch (reason) {
    case 'length':
    case 'context-length':
      return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
    case 'content-filter':
      return { status: 'incomplete', incompleteReason: 'content_filter' };
    case 'error':
      return { status: 'failed' };
    default:
      // stop, stop-sequence, tool-calls (visible as items), refusal (a refusal part), pause, other.
      return { status: 'completed' };
  }
}

/** Tool calls are derived from the output (policy), not from a reason the upstream gave. */
export function statusToFinishReason(
  status: unknown,
  incompleteReason: unknown,
  hasToolCalls: boolean,
): IRFinishReason {
  if (status === 'incomplete') {
    if (incompleteReason === 'content_filter') return 'content-filter';
    return 'length';
  }
  if (status === 'failed') return 'error';
  return hasToolCalls ? 'tool-calls' : 'stop';
}
