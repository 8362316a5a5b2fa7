import { describe, expect, it } from 'vitest';
import { createHostAllowList, hostName } from './host-allow.js';

describe('Host allow-list (DNS rebinding)', () => {
  const allowed = createHostAllowList('127.0.0.1', ['gw.corp.example']);
  it('accepts loopback names, IP literals, the bound host and allowedHosts', () => {
    for (const h of [
      'localhost:4141',
      'LOCALHOST',
      'app.localhost',
      '127.0.0.1:4141',
      '[::1]:4141',
      '10.1.2.3',
      'gw.corp.example:443',
      'localhost.',
      undefined,
    ])
      expect(allowed(h), String(h)).toBe(true);
  });
  it('refuses any other name', () => {
    for (const h of [
      'evil.example',
      'evil.example:4141',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '[::1',
      ':80',
    ])
      expect(allowed(h), h).toBe(false);
  });
  it('accepts the name the gateway was bound to', () => {
    expect(createHostAllowList('gateway.lan', [])('gateway.lan:4141')).toBe(true);
  });
  it('parses the host part', () => {
    expect(hostName('[fd00::2]:80')).toBe('fd00::2');
    expect(hostName('Example.COM:1')).toBe('example.com');
  });
});
