// One typed error for the whole gateway. Every codec maps it to its protocol's error shape and
// every upstream failure is mapped into it, so a client always hears its own protocol's error.

export type GatewayErrorKind =
  | 'invalid_request' // 400
  | 'authentication' // 401
  | 'permission' // 403
  | 'not_found' // 404
  | 'request_too_large' // 413
  | 'quota' // 402 (Copilot quota / billing)
  | 'rate_limit' // 429
  | 'context_length' // 400 with a context-length code
  | 'overloaded' // 503 / 529
  | 'timeout' // 504
  | 'upstream' // 502: upstream said something we could not use
  | 'api'; // 500: our own bug

const DEFAULT_STATUS: Record<GatewayErrorKind, number> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  request_too_large: 413,
  quota: 402,
  rate_limit: 429,
  context_length: 400,
  overloaded: 503,
  timeout: 504,
  upstream: 502,
  api: 500,
};

export interface GatewayErrorOptions {
  status?: number;
  /** Machine code, e.g. `model_not_supported`, `previous_response_not_found`. */
  code?: string;
  param?: string;
  retryable?: boolean;
  /** Seconds the client should wait before retrying. */
  retryAfter?: number;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly kind: GatewayErrorKind;
  readonly status: number;
  readonly code?: string;
  readonly param?: string;
  readonly retryable: boolean;
  readonly retryAfter?: number;

  constructor(kind: GatewayErrorKind, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.status = options.status ?? DEFAULT_STATUS[kind];
    this.code = options.code;
    this.param = options.param;
    this.retryAfter = options.retryAfter;
    this.retryable =
      options.retryable ??
      (kind === 'rate_limit' || kind === 'overloaded' || kind === 'timeout' || kind === 'upstream');
  }

  static invalid(message: string, options: GatewayErrorOptions = {}): GatewayError {
    return new GatewayError('invalid_request', message, options);
  }

  /** Wraps anything thrown into a GatewayError (unknown errors become a 500 `api` error). */
  static from(err: unknown): GatewayError {
    if (err instanceof GatewayError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new GatewayError('api', `Internal gateway error: ${message}`, { cause: err, retryable: false });
  }
}

export function isGatewayError(err: unknown): err is GatewayError {
  return err instanceof GatewayError;
}
