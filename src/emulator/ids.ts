// Random ids in the shapes the upstreams use. The emulator is not a codec: randomness is fine
// here, and tests never assert on these values.
import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function alnum(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += ALNUM[bytes[i] % ALNUM.length];
  return out;
}

/** Long opaque base64 ids, as real /responses items carry. */
export function opaqueId(): string {
  return randomBytes(48).toString('base64');
}

export function chatId(): string {
  return `chatcmpl-${alnum(29)}`;
}

export function toolCallId(anthropicStyle: boolean): string {
  return anthropicStyle ? `toolu_bdrk_01${alnum(22)}` : `call_${alnum(24)}`;
}

export function messageId(): string {
  return `msg_bdrk_01${alnum(22)}`;
}
