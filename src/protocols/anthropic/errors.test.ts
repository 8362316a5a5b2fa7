import { describe, expect, it } from 'vitest';
import { GatewayError, type GatewayErrorKind } from '../../errors/gateway-error.js';
import { decodeAnthropicError, encodeAnthropicError } from './errors.js';

describe('encodeAnthropicError', () => {
  it.each<[GatewayErrorKind, number, string]>([
    ['invalid_request', 400, 'invalid_request_error'],
    ['context_length', 400, 'invalid_request_error'],
    ['authentication', 401, 'authentication_error'],
    ['quota', 402, 'billing_error'],
    ['permission', 403, 'permission_error'],
    ['not_found', 404, 'not_found_error'],
    ['request_too_large', 413, 'request_too_large'],
    ['rate_limit', 429, 'rate_limit_error'],
    ['api', 500, 'api_error'],
    ['upstream', 502, 'api_error'],
    ['timeout', 504, 'timeout_error'],
    ['overloaded', 529, 'overloaded_error'],
  ])('%s → %i %s', (kind, status, type) => {
    const out = encodeAnthropicError(new GatewayError(kind, 'boom'));
    expect(out.status).toBe(status);
    expect(out.body).toEqual({ type: 'error', error: { type, message: 'boom' } });
    expect(out.headers).toEqual({});
  });

  it('sets retry-after when known', () => {
    const out = encodeAnthropicError(new GatewayError('rate_limit', 'slow down', { retryAfter: 12.2 }));
    expect(out.headers['retry-after']).toBe('13');
  });
});

describe('decodeAnthropicError', () => {
  it('recognises the Anthropic envelope', () => {
    const err = decodeAnthropicError(
      529,
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      { 'retry-after': '3' },
    );
    expect(err.kind).toBe('overloaded');
    expect(err.status).toBe(529);
    expect(err.retryAfter).toBe(3);
    expect(err.retryable).toBe(true);
  });

  it('detects context overflow wording', () => {
    const err = decodeAnthropicError(
      400,
      '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}',
      {},
    );
    expect(err.kind).toBe('context_length');
    expect(err.code).toBe('context_length_exceeded');
  });

  it('falls back to the generic upstream mapping for other shapes', () => {
    expect(
      decodeAnthropicError(402, { error: { message: 'You have no quota', code: 'quota_exceeded' } }, {}).kind,
    ).toBe('quota');
    const text = decodeAnthropicError(400, 'bad request: missing Editor-Version header for IDE auth', {});
    expect(text.kind).toBe('upstream');
    expect(text.status).toBe(502);
  });
});
