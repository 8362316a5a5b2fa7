import { describe, expect, it } from 'vitest';
import type { IRFinishReason } from '../ir/types.js';
import { finishReasonFromAnthropic, finishReasonToAnthropic } from './map-finish-reason.js';

describe('finish reason mapping', () => {
  it('round-trips every Anthropic stop reason', () => {
    for (const r of [
      'end_turn',
      'stop_sequence',
      'max_tokens',
      'model_context_window_exceeded',
      'tool_use',
      'pause_turn',
      'refusal',
    ] as const) {
      expect(finishReasonToAnthropic(finishReasonFromAnthropic(r))).toBe(r);
    }
  });

  it('maps reasons Anthropic lacks to their closest equivalent', () => {
    const cases: Array<[IRFinishReason, string]> = [
      ['content-filter', 'refusal'],
      ['error', 'end_turn'],
      ['other', 'end_turn'],
    ];
    for (const [ir, wire] of cases) expect(finishReasonToAnthropic(ir)).toBe(wire);
    expect(finishReasonFromAnthropic(null)).toBe('other');
    expect(finishReasonFromAnthropic('something_new')).toBe('other');
  });
});
