import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { decodeError, encodeError, errorFromFailure, failedCode } from './errors.js';

describe('encodeError', () => {
  it('uses the OpenAI error shape with status and retry-after', () => {
    expect(
      encodeError(GatewayError.invalid('bad model', { param: 'model', code: 'model_not_found' })),
    ).toEqual({
      status: 400,
      headers: {},
      body: {
        error: {
          message: 'bad model',
          type: 'invalid_request_error',
          param: 'model',
          code: 'model_not_found',
        },
      },
    });
    const limited = encodeError(new GatewayError('rate_limit', 'slow', { retryAfter: 2.5 }));
    expect(limited.status).toBe(429);
    expect(limited.headers).toEqual({ 'retry-after': '3' });
    expect(limited.body).toMatchObject({
      error: { type: 'rate_limit_exceeded', code: 'rate_limit_exceeded' },
    });
    expect(encodeError(new GatewayError('context_length', 'long')).body).toMatchObject({
      error: { type: 'invalid_request_error', code: 'context_length_exceeded' },
    });
    expect(encodeError(new GatewayError('overloaded', 'busy')).status).toBe(503);
  });
});

describe('failure codes', () => {
  it('uses codes Codex treats as final for hard failures', () => {
    expect(failedCode(new GatewayError('authentication', 'x'))).toBe('invalid_prompt');
    expect(failedCode(new GatewayError('timeout', 'x'))).toBe('server_error');
  });

  it('parses failure codes and retry delays', () => {
    expect(errorFromFailure('rate_limit_exceeded', 'Rate limit. Please try again in 1.5s.')).toMatchObject({
      kind: 'rate_limit',
      retryAfter: 1.5,
    });
    expect(errorFromFailure('rate_limit_exceeded', 'try again in 300ms')).toMatchObject({ retryAfter: 0.3 });
    expect(errorFromFailure(undefined, undefined)).toMatchObject({ kind: 'upstream' });
  });
});

describe('decodeError', () => {
  it('recognises OpenAI-shaped Copilot errors and falls back for the rest', () => {
    expect(
      decodeError(
        400,
        { error: { message: 'Previous response not found', code: 'previous_response_not_found' } },
        {},
      ),
    ).toMatchObject({ kind: 'invalid_request', param: 'previous_response_id', status: 400 });
    expect(
      decodeError(
        400,
        { error: { message: 'The requested model is not supported.', code: 'model_not_supported' } },
        {},
      ),
    ).toMatchObject({ kind: 'invalid_request', code: 'model_not_supported' });
    expect(
      decodeError(
        429,
        { error: { message: 'rate limit exceeded', code: 'rate_limited' } },
        { 'retry-after': '9' },
      ),
    ).toMatchObject({ kind: 'rate_limit', retryAfter: 9 });
    expect(decodeError(502, '<html>bad gateway</html>', {})).toMatchObject({ kind: 'upstream' });
  });
});
