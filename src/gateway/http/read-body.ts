// Reads a request body into one Buffer, refusing bodies over the configured limit.
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../../errors/gateway-error.js';

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  // Event listeners rather than an async iterator: this runs on every request.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function tooLarge(max: number): GatewayError {
  return new GatewayError(
    'request_too_large',
    `Request body is larger than ${Math.round(max / 1024 / 1024)} MiB; raise maxBodyBytes in config.json if you need more`,
  );
}

/** Parses a JSON request body into an object, with a 400 that says what is wrong. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) throw GatewayError.invalid('The request body is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw GatewayError.invalid(`The request body is not valid JSON: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw GatewayError.invalid('The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
