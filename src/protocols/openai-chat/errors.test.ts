import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { decodeChatError, encodeChatError, errorFromChatErrorObject } from './errors.js';

describe('encodeChatError', () => {
  it('maps kinds to status and OpenAI type strings', () => {
    const cases: Array<[GatewayError, number, string]> = [
      [GatewayError.invalid('bad', { param: 'n' }), 400, 'invalid_request_error'],
      [new GatewayError('authentication', 'no key'), 401, 'authentication_error'],
      [new GatewayError('permission', 'no'), 403, 'permission_error'],
      [new GatewayError('not_found', 'no model'), 404, 'not_found_error'],
      [new GatewayError('quota', 'no quota'), 402, 'insufficient_quota'],
      [new GatewayError('rate_limit', 'slow', { retryAfter: 2.5 }), 429, 'rate_limit_exceeded'],
      [new GatewayError('overloaded', 'busy', { status: 529 }), 503, 'server_error'],
      [new GatewayError('timeout', 'late'), 504, 'timeout'],
      [new GatewayError('upstream', 'odd'), 502, 'server_error'],
      [new GatewayError('api', 'bug'), 500, 'server_error'],
    ];
    for (const [err, status, type] of cases) {
      const out = encodeChatError(err);
      expect(out.status, err.kind).toBe(status);
      expect((out.body as { error: { type: string } }).error.type).toBe(type);
    }
    const invalid = encodeChatError(GatewayError.invalid('bad n', { param: 'n' }));
    expect(invalid.body).toEqual({
      error: { message: 'bad n', type: 'invalid_request_error', param: 'n', code: null },
    });
    expect(encodeChatError(new GatewayError('rate_limit', 'slow', { retryAfter: 2.5 })).headers).toEqual({
      'retry-after': '3',
    });
    expect(encodeChatError(new GatewayError('context_length', 'too long')).body).toMatchObject({
      error: { code: 'context_length_exceeded' },
    });
  });
});

describe('errorFromChatErrorObject', () => {
  it('inverts the encoding for every kind', () => {
    const kinds = [
      'invalid_request',
      'authentication',
      'permission',
      'not_found',
      'request_too_large',
      'quota',
      'rate_limit',
      'context_length',
      'overloaded',
      'timeout',
      'upstream',
    ] as const;
    for (const kind of kinds) {
      const body = encodeChatError(new GatewayError(kind, 'm')).body as { error: unknown };
      expect(errorFromChatErrorObject(body.error).kind, kind).toBe(kind);
    }
  });

  it('reads Copilot codes', () => {
    expect(errorFromChatErrorObject({ message: 'x', code: 'user_global_rate_limited:pro' }).kind).toBe(
      'rate_limit',
    );
    expect(errorFromChatErrorObject({ message: 'x', code: 'quota_exceeded' }).kind).toBe('quota');
    expect(errorFromChatErrorObject('plain').message).toBe('plain');
  });
});

describe('decodeChatError', () => {
  it('decodes Copilot error bodies', () => {
    const unsupported = decodeChatError(
      400,
      {
        error: {
          message: 'The requested model is not supported.',
          code: 'model_not_supported',
          param: 'model',
          type: 'invalid_request_error',
        },
      },
      {},
    );
    expect(unsupported).toMatchObject({
      kind: 'invalid_request',
      status: 400,
      code: 'model_not_supported',
      param: 'model',
    });
    const quota = decodeChatError(
      429,
      { error: { message: 'out', code: 'insufficient_quota' } },
      { 'retry-after': '7' },
    );
    expect(quota).toMatchObject({ kind: 'quota', status: 429, retryAfter: 7 });
    expect(decodeChatError(401, 'unauthorized: token expired', {}).kind).toBe('authentication');
    expect(decodeChatError(400, 'prompt token count of 200000 exceeds the limit of 128000', {}).kind).toBe(
      'context_length',
    );
  });
});
