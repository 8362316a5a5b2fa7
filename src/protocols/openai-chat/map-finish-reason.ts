// Finish reasons between Chat and the IR, plus the cross-protocol policy (client-protocols.md §5):
// "tool calls" is derived from complete tool calls in the output, not from the upstream's word
// (Copilot's split choices say `tool_calls` on the text choice), while a limit or a filter wins.
import type { IRFinishReason } from '../ir/types.js';
import type { ChatFinishReason } from './wire-types.js';

export function chatFinishToIR(reason: string | null | undefined): IRFinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    case null:
    case undefined:
      return 'stop';
    default:
      return 'other';
  }
}

export function irFinishToChat(reason: IRFinishReason): ChatFinishReason {
  switch (reason) {
    case 'length':
    case 'context-length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** Applies the tool-call policy to a reported reason. */
export function deriveFinishReason(reported: IRFinishReason, hasCompleteToolCalls: boolean): IRFinishReason {
  if (
    reported === 'length' ||
    reported === 'context-length' ||
    reported === 'content-filter' ||
    reported === 'refusal' ||
    reported === 'error'
  ) {
    return reported;
  }
  if (hasCompleteToolCalls) return 'tool-calls';
  return reported === 'tool-calls' ? 'stop' : reported;
}

/** Which of several choices' reasons matters most when Copilot splits one answer over choices. */
export function strongestChatFinish(reasons: Array<string | null | undefined>): string | null {
  const rank = (r: string | null | undefined) =>
    r === 'content_filter'
      ? 4
      : r === 'length'
        ? 3
        : r === 'tool_calls' || r === 'function_call'
          ? 2
          : r
            ? 1
            : 0;
  let best: string | null = null;
  for (const r of reasons) if (rank(r) > rank(best)) best = r ?? null;
  return best;
}
