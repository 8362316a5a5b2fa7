// Anthropic stop_reason <-> IR finish reason (client-protocols.md §5, finish-reason table).
import type { IRFinishReason } from '../ir/types.js';
import type { AnthropicStopReason } from './wire-types.js';

export function finishReasonFromAnthropic(stopReason: string | null | undefined): IRFinishReason {
  switch (stopReason) {
    case 'end_turn':
      return 'stop';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'max_tokens':
      return 'length';
    case 'model_context_window_exceeded':
      return 'context-length';
    case 'tool_use':
      return 'tool-calls';
    case 'pause_turn':
      return 'pause';
    case 'refusal':
      return 'refusal';
    default:
      return 'other';
  }
}

export function finishReasonToAnthropic(reason: IRFinishReason): AnthropicStopReason {
  switch (reason) {
    case 'stop':
      return 'end_turn';
    case 'stop-sequence':
      return 'stop_sequence';
    case 'length':
      return 'max_tokens';
    case 'context-length':
      return 'model_context_window_exceeded';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
    case 'refusal':
      return 'refusal';
    case 'pause':
      return 'pause_turn';
    // Anthropic has no "error"/"other" reason; end_turn is what its own API reports there.
    default:
      return 'end_turn';
  }
}
