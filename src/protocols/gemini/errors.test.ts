import { describe, expect, it } from 'vitest';
import { GatewayError, type GatewayErrorKind } from '../../errors/gateway-error.js';
import { decodeGeminiError, encodeGeminiError } from './errors.js';

describe('encodeGeminiError', () => {
  const cases: Array<[GatewayErrorKind, number, string]> = [
    ['invalid_request', 400, 'INVALID_ARGUMENT'],
    ['authentication', 401, 'UNAUTHENTICATED'],
    ['permission', 403, 'PERMISSION_DENIED'],
    ['not_found', 404, 'NOT_FOUND'],
    ['rate_limit', 429, 'RESOURCE_EXHAUSTED'],
    ['quota', 429, 'RESOURCE_EXHAUSTED'],
    ['context_length', 400, 'INVALID_ARGUMENT'],
    ['api', 500, 'INTERNAL'],
    ['overloaded', 503, 'UNAVAILABLE'],
    ['timeout', 504, 'DEADLINE_EXCEEDED'],
  ];
  for (const [kind, code, status] of cases) {
    it(`${kind} → ${code} ${status}`, () => {
      const enc = encodeGeminiError(new GatewayError(kind, 'boom'));
      expect(enc.status).toBe(code);
      expect(enc.body).toEqual({ error: { code, message: 'boom', status } });
    });
  }

  it('adds RetryInfo and retry-after for rate limits', () => {
    const enc = encodeGeminiError(new GatewayError('rate_limit', 'slow down', { retryAfter: 34 }));
    expect(enc.headers).toEqual({ 'retry-after': '34' });
    expect(enc.body).toEqual({
      error: {
        code: 429,
        message: 'slow down',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34s' }],
      },
    });
  });

  it('maps 529 and 502 to 5xx statuses clients retry', () => {
    expect(encodeGeminiError(new GatewayError('upstream', 'x')).body).toMatchObject({
      error: { code: 502, status: 'UNAVAILABLE' },
    });
    expect(encodeGeminiError(new GatewayError('api', 'x', { status: 529 })).status).toBe(503);
  });
});

describe('decodeGeminiError', () => {
  it('reads the Gemini envelope and RetryInfo', () => {
    const err = decodeGeminiError(
      429,
      {
        error: {
          code: 429,
          message: 'Quota exceeded',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12.5s' }],
        },
      },
      {},
    );
    expect(err.kind).toBe('rate_limit');
    expect(err.retryAfter).toBe(12.5);
    expect(err.message).toBe('Quota exceeded');
  });

  it('recognises context overflow and the array form', () => {
    const err = decodeGeminiError(
      400,
      [
        {
          error: {
            code: 400,
            message: 'The input token count (300000) exceeds the maximum number of tokens allowed (200000).',
            status: 'INVALID_ARGUMENT',
          },
        },
      ],
      {},
    );
    expect(err.kind).toBe('context_length');
  });

  it('falls back to the generic mapping for other shapes', () => {
    const err = decodeGeminiError(401, 'unauthorized: token expired', {});
    expect(err.kind).toBe('authentication');
    expect(decodeGeminiError(503, '<html>bad gateway</html>', { 'retry-after': '3' }).retryAfter).toBe(3);
  });

  it('round-trips every kind Gemini can express', () => {
    const kinds: GatewayErrorKind[] = [
      'invalid_request',
      'authentication',
      'permission',
      'not_found',
      'rate_limit',
      'overloaded',
      'timeout',
    ];
    for (const kind of kinds) {
      const enc = encodeGeminiError(
        new GatewayError(kind, 'm', { retryAfter: kind === 'rate_limit' ? 5 : undefined }),
      );
      const dec = decodeGeminiError(enc.status, enc.body, enc.headers);
      expect(dec.kind).toBe(kind);
      expect(dec.status).toBe(enc.status);
      if (kind === 'rate_limit') expect(dec.retryAfter).toBe(5);
    }
  });
});
