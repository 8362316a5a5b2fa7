import { describe, expect, it } from 'vitest';
import type { IRFinishReason } from '../ir/types.js';
import { fromGeminiFinishReason, toGeminiFinishReason } from './map-finish-reason.js';

describe('finish reasons', () => {
  it('maps IR to Gemini per the cross-protocol table', () => {
    expect(toGeminiFinishReason('stop')).toBe('STOP');
    expect(toGeminiFinishReason('stop-sequence')).toBe('STOP');
    expect(toGeminiFinishReason('tool-calls')).toBe('STOP');
    expect(toGeminiFinishReason('length')).toBe('MAX_TOKENS');
    expect(toGeminiFinishReason('context-length')).toBe('MAX_TOKENS');
    expect(toGeminiFinishReason('content-filter')).toBe('SAFETY');
    expect(toGeminiFinishReason('refusal')).toBe('SAFETY');
    expect(toGeminiFinishReason('other')).toBe('OTHER');
  });

  it('derives tool-calls from the calls, not the reason', () => {
    expect(fromGeminiFinishReason('STOP', true)).toBe('tool-calls');
    expect(fromGeminiFinishReason('STOP', false)).toBe('stop');
    expect(fromGeminiFinishReason('RECITATION', false)).toBe('content-filter');
    expect(fromGeminiFinishReason('MALFORMED_FUNCTION_CALL', false)).toBe('error');
    expect(fromGeminiFinishReason('NO_IMAGE', false)).toBe('other');
  });

  it('round-trips the reasons Gemini can express', () => {
    const cases: Array<[IRFinishReason, boolean]> = [
      ['stop', false],
      ['tool-calls', true],
      ['length', false],
      ['content-filter', false],
      ['other', false],
      ['error', false],
    ];
    for (const [reason, calls] of cases)
      expect(fromGeminiFinishReason(toGeminiFinishReason(reason), calls)).toBe(reason);
  });
});
