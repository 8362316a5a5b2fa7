import { describe, expect, it } from 'vitest';
import { finishReasonToStatus, statusToFinishReason } from './map-finish-reason.js';

describe('finish reason mapping', () => {
  it('maps IR reasons to a response status', () => {
    expect(finishReasonToStatus('stop')).toEqual({ status: 'completed' });
    expect(finishReasonToStatus('tool-calls')).toEqual({ status: 'completed' });
    expect(finishReasonToStatus('length')).toEqual({
      status: 'incomplete',
      incompleteReason: 'max_output_tokens',
    });
    expect(finishReasonToStatus('context-length')).toEqual({
      status: 'incomplete',
      incompleteReason: 'max_output_tokens',
    });
    expect(finishReasonToStatus('content-filter')).toEqual({
      status: 'incomplete',
      incompleteReason: 'content_filter',
    });
    expect(finishReasonToStatus('error')).toEqual({ status: 'failed' });
  });

  it('derives tool-calls from the output, not from the status', () => {
    expect(statusToFinishReason('completed', undefined, true)).toBe('tool-calls');
    expect(statusToFinishReason('completed', undefined, false)).toBe('stop');
    expect(statusToFinishReason('incomplete', 'max_output_tokens', true)).toBe('length');
    expect(statusToFinishReason('incomplete', 'content_filter', false)).toBe('content-filter');
    expect(statusToFinishReason('failed', undefined, false)).toBe('error');
  });
});
