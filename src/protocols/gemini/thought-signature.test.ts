import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope, isEnvelope } from './thought-signature.js';

describe('thought-signature envelope', () => {
  it('round-trips signature, redacted data and text', () => {
    const s = encodeEnvelope({ signature: 'EqQBCkgI+/=', redactedData: 'abc', text: 'thinking…' });
    expect(s.startsWith('gw1:')).toBe(true);
    expect(s).toMatch(/^gw1:[A-Za-z0-9_-]+$/);
    expect(decodeEnvelope(s)).toEqual({
      v: 1,
      signature: 'EqQBCkgI+/=',
      redactedData: 'abc',
      text: 'thinking…',
    });
  });

  it('does not treat real Gemini signatures as envelopes', () => {
    expect(isEnvelope('CiQBjz1rX3')).toBe(false);
    expect(decodeEnvelope('CiQBjz1rX3')).toBeUndefined();
    expect(decodeEnvelope('skip_thought_signature_validator')).toBeUndefined();
  });

  it('rejects corrupt envelopes instead of throwing', () => {
    expect(decodeEnvelope('gw1:!!!')).toBeUndefined();
    expect(decodeEnvelope(`gw1:${Buffer.from('{"v":2}').toString('base64url')}`)).toBeUndefined();
    expect(decodeEnvelope(`gw1:${Buffer.from('[1]').toString('base64url')}`)).toBeUndefined();
  });

  it('round-trips arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: undefined }),
        fc.option(fc.string(), { nil: undefined }),
        (sig, red) => {
          const env = decodeEnvelope(encodeEnvelope({ signature: sig, redactedData: red }));
          expect(env?.signature).toBe(sig);
          expect(env?.redactedData).toBe(red);
        },
      ),
    );
  });
});
