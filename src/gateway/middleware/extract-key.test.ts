import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { presentedKey } from './extract-key.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const none = new URLSearchParams();

describe('presented key', () => {
  it('reads each protocol’s own header', () => {
    expect(presentedKey(req({ authorization: 'Bearer cgw_a' }), none)).toBe('cgw_a');
    expect(presentedKey(req({ authorization: 'bearer   cgw_a ' }), none)).toBe('cgw_a');
    expect(presentedKey(req({ 'x-api-key': 'cgw_b' }), none)).toBe('cgw_b');
    expect(presentedKey(req({ 'x-goog-api-key': 'cgw_c' }), none)).toBe('cgw_c');
    expect(presentedKey(req({}), new URLSearchParams('key=cgw_d&alt=sse'))).toBe('cgw_d');
    expect(presentedKey(req({}), none)).toBeUndefined();
    expect(presentedKey(req({ authorization: 'Basic abc' }), none)).toBeUndefined();
  });
  it('prefers a gateway-shaped key over a placeholder in another header', () => {
    expect(presentedKey(req({ authorization: 'Bearer placeholder', 'x-api-key': 'cgw_real' }), none)).toBe(
      'cgw_real',
    );
    expect(presentedKey(req({ authorization: 'Bearer placeholder' }), none)).toBe('placeholder');
  });
});
