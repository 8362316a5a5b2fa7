import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkBrowserRequest } from './browser-guard.js';

const policy = { allowedOrigins: new Set(['https://chat.example.com']) };
const req = (method: string, headers: Record<string, string>) =>
  ({ method, headers: { host: '127.0.0.1:4141', ...headers } }) as unknown as IncomingMessage;
const refused = (r: IncomingMessage) => {
  try {
    checkBrowserRequest(r, policy);
    return false;
  } catch {
    return true;
  }
};

describe('forged browser requests', () => {
  it('lets SDK- and curl-shaped requests through', () => {
    expect(refused(req('POST', { 'content-type': 'application/json' }))).toBe(false);
    expect(refused(req('POST', {}))).toBe(false);
    expect(refused(req('GET', {}))).toBe(false);
  });
  it('refuses unlisted origins, cross-site fetch metadata and preflight-free content types', () => {
    expect(refused(req('GET', { origin: 'https://evil.example' }))).toBe(true);
    expect(refused(req('POST', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }))).toBe(
      true,
    );
    expect(refused(req('POST', { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' }))).toBe(
      true,
    );
    expect(refused(req('POST', { 'content-type': 'Text/Plain; charset=utf-8' }))).toBe(true);
    expect(refused(req('POST', { 'content-type': 'multipart/form-data; boundary=x' }))).toBe(true);
  });
  it('allows listed origins and the gateway’s own pages (same origin)', () => {
    const listed = {
      origin: 'https://chat.example.com',
      'sec-fetch-site': 'cross-site',
      'content-type': 'application/json',
    };
    expect(refused(req('POST', listed))).toBe(false);
    const own = {
      origin: 'http://127.0.0.1:4141',
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/json',
    };
    expect(refused(req('POST', own))).toBe(false);
    expect(refused(req('POST', { ...listed, 'content-type': 'text/plain' }))).toBe(true);
  });
});
