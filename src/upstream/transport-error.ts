// Maps undici and network errors to a GatewayError that says what went wrong and whether a retry
// may help. Used before the first byte (the retry loop) and after it (a body that fails mid-way).
import { errors as undiciErrors } from 'undici';
import { GatewayError } from '../errors/gateway-error.js';

/** Maps undici/network errors to a GatewayError saying what went wrong and whether to retry. */
export function mapTransportError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  if (err instanceof undiciErrors.HeadersTimeoutError || code === 'UND_ERR_HEADERS_TIMEOUT') {
    // Not retried: Copilot may already be running (and billing) the request.
    return new GatewayError('timeout', 'Copilot did not start answering in time (first-byte timeout)', {
      cause: err,
      retryable: false,
    });
  }
  if (err instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new GatewayError('timeout', 'Timed out connecting to Copilot', { cause: err, retryable: true });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new GatewayError('timeout', 'Copilot went silent for too long (idle timeout)', {
      cause: err,
      retryable: true,
    });
  }
  const transient = [
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENOTFOUND',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
  ];
  if (transient.includes(code) || err instanceof undiciErrors.SocketError) {
    return new GatewayError('upstream', `Could not reach Copilot (${code || e?.message})`, {
      cause: err,
      retryable: true,
    });
  }
  return new GatewayError('upstream', `Copilot request failed: ${e?.message ?? String(err)}`, {
    cause: err,
    retryable: false,
  });
}
