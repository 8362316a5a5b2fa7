import { describe, expect, it } from 'vitest';
import { createCodecContext } from '../../gateway/codec-context.js';
import { decodeAnthropicRequest } from './decode-request.js';
import { encodeAnthropicResponse } from './encode-response.js';
import { ENCRYPTED_SIGNATURE_PREFIX, opaqueFromSignature, signatureFor } from './foreign-reasoning.js';

describe('Responses encrypted_content carried in a thinking signature', () => {
  it('prefers a real signature and wraps encrypted content otherwise', () => {
    expect(signatureFor({ signature: 'EqQB', encryptedContent: 'gAAA' })).toBe('EqQB');
    expect(signatureFor({ encryptedContent: 'gAAAx' })).toBe(`${ENCRYPTED_SIGNATURE_PREFIX}gAAAx`);
    expect(signatureFor({})).toBeUndefined();
    expect(opaqueFromSignature(`${ENCRYPTED_SIGNATURE_PREFIX}gAAAx`)).toEqual({ encryptedContent: 'gAAAx' });
    expect(opaqueFromSignature('EqQB')).toEqual({ signature: 'EqQB' });
  });

  it('survives a client round trip: response thinking block → next request reasoning part', () => {
    const ctx = createCodecContext();
    const req = { model: 'gpt-5-codex', system: [], messages: [], tools: [], stream: false };
    const msg = encodeAnthropicResponse(
      {
        id: 'resp_1',
        model: 'gpt-5-codex',
        created: 0,
        parts: [{ type: 'reasoning', text: 'plan', encryptedContent: 'gAAAAAopaque' }],
        finishReason: 'stop',
      },
      req,
      ctx,
    );
    const block = msg.content[0] as { type: string; signature: string };
    expect(block.type).toBe('thinking');
    const next = decodeAnthropicRequest(
      {
        model: 'gpt-5-codex',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [block, { type: 'text', text: 'ok' }] },
          { role: 'user', content: 'more' },
        ],
      },
      ctx,
    );
    expect(next.messages[1].parts[0]).toEqual({
      type: 'reasoning',
      text: 'plan',
      encryptedContent: 'gAAAAAopaque',
    });
  });
});
