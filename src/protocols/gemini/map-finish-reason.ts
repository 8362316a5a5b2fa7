// Finish reasons (client-protocols.md §5). Gemini has no tool reason: calls end with STOP, so the
// decoder derives 'tool-calls' from the presence of function calls.
import type { IRFinishReason } from '../ir/types.js';
import type { GeminiFinishReason } from './wire-types.js';

export function toGeminiFinishReason(reason: IRFinishReason): GeminiFinishReason {
  switch (reason) {
    case 'stop':
    case 'stop-sequence':
    case 'tool-calls':
    case 'pause':
      return 'STOP';
    case 'length':
    case 'context-length':
      return 'MAX_TOKENS';
    case 'content-filter':
    case 'refusal':
      return 'SAFETY';
    case 'error':
      return 'MALFORMED_FUNCTION_CALL';
    default:
      return 'OTHER';
  }
}

const SAFETY_REASONS = new Set([
  'SAFETY',
  'RECITATION',
  'LANGUAGE',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

const BROKEN_CALL_REASONS = new Set([
  'MALFORMED_FUNCTION_CALL',
  'UNEXPECTED_TOOL_CALL',
  'TOO_MANY_TOOL_CALLS',
]);

export function fromGeminiFinishReason(reason: string | undefined, hasToolCalls: boolean): IRFinishReason {
  if (reason === 'STOP' || reason === undefined || reason === 'FINISH_REASON_UNSPECIFIED') {
    return hasToolCalls ? 'tool-calls' : 'stop';
  }
  if (reason === 'MAX_TOKENS') return 'length';
  if (SAFETY_REASONS.has(reason)) return 'content-filter';
  if (BROKEN_CALL_REASONS.has(reason)) return 'error';
  return 'other';
}
