import { describe, expect, it } from 'vitest';
import {
  chatFinishToIR,
  deriveFinishReason,
  irFinishToChat,
  strongestChatFinish,
} from './map-finish-reason.js';

describe('finish reasons', () => {
  it('maps Chat reasons to IR and back', () => {
    expect(chatFinishToIR('stop')).toBe('stop');
    expect(chatFinishToIR('length')).toBe('length');
    expect(chatFinishToIR('tool_calls')).toBe('tool-calls');
    expect(chatFinishToIR('function_call')).toBe('tool-calls');
    expect(chatFinishToIR('content_filter')).toBe('content-filter');
    expect(chatFinishToIR(null)).toBe('stop');
    expect(chatFinishToIR('weird')).toBe('other');
    expect(irFinishToChat('stop-sequence')).toBe('stop');
    expect(irFinishToChat('context-length')).toBe('length');
    expect(irFinishToChat('refusal')).toBe('content_filter');
    expect(irFinishToChat('pause')).toBe('stop');
    expect(irFinishToChat('tool-calls')).toBe('tool_calls');
  });

  it('derives tool-calls from complete calls while limits and filters win', () => {
    expect(deriveFinishReason('stop', true)).toBe('tool-calls');
    expect(deriveFinishReason('tool-calls', false)).toBe('stop');
    expect(deriveFinishReason('length', true)).toBe('length');
    expect(deriveFinishReason('content-filter', true)).toBe('content-filter');
    expect(deriveFinishReason('stop', false)).toBe('stop');
  });

  it('picks the strongest reason over split choices', () => {
    expect(strongestChatFinish(['tool_calls', 'stop'])).toBe('tool_calls');
    expect(strongestChatFinish([null, 'length', 'tool_calls'])).toBe('length');
    expect(strongestChatFinish([null, undefined])).toBeNull();
  });
});
