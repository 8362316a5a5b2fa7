import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeReasoningEnvelope,
  encodeReasoningEnvelope,
  isReasoningEnvelope,
} from './reasoning-envelope.js';

describe('reasoning envelope', () => {
  it('round-trips any state byte-exact', () => {
    fc.assert(
      fc.property(
        fc.record(
          { text: fc.string(), signature: fc.string(), redactedData: fc.string() },
          { requiredKeys: [] },
        ),
        (state) => {
          const env = encodeReasoningEnvelope(state);
          expect(isReasoningEnvelope(env)).toBe(true);
          expect(env).toMatch(/^gw1:[A-Za-z0-9_-]*$/);
          const back = decodeReasoningEnvelope(env);
          // empty text is not worth carrying
          expect(back).toEqual({ ...state, ...(state.text ? {} : { text: undefined }) });
        },
      ),
    );
  });

  it('recognises only gw1 envelopes and refuses damaged ones', () => {
    expect(isReasoningEnvelope('gAAAAABopaque')).toBe(false);
    expect(isReasoningEnvelope(undefined)).toBe(false);
    expect(() => decodeReasoningEnvelope('gw1:!!!')).toThrow(/damaged gateway envelope/);
    expect(() => decodeReasoningEnvelope(`gw1:${Buffer.from('{"v":2}').toString('base64url')}`)).toThrow();
  });
});
