// Small response helpers shared by all routes.
import type { ServerResponse } from 'node:http';
import type { EncodedError } from '../../protocols/ir/codec.js';
import { extend } from '../../util/extend.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const own = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  res.writeHead(status, headers ? extend(headers, own) : own);
  res.end(text);
}

export function sendEncodedError(res: ServerResponse, err: EncodedError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, err.status, err.body, err.headers);
}

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};
