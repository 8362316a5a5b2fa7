import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import { memoryIO } from './io.js';
import { reportError } from './report-error.js';

describe('reportError', () => {
  it('prints one line and returns a non-zero code', () => {
    const io = memoryIO();
    expect(reportError(new ConfigError('Invalid port "x" (--port)'), io)).toBe(1);
    expect(io.stderr).toEqual(['copilot-gateway: error: Invalid port "x" (--port)']);
  });

  it('adds the stack only with verbose', () => {
    const io = memoryIO();
    reportError(new GatewayError('upstream', 'GitHub failed'), io, { verbose: true });
    expect(io.stderr[0]).toBe('copilot-gateway: error: GitHub failed');
    expect(io.stderr[1]).toMatch(/\n\s+at /);
  });

  it('explains a busy port', () => {
    const io = memoryIO();
    const err = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:4141'), {
      code: 'EADDRINUSE',
    });
    reportError(err, io);
    expect(io.stderr[0]).toContain('Pick another with --port');
  });

  it('redacts tokens unless --show-token', () => {
    const io = memoryIO();
    reportError(new Error('bad token ghu_abcdefghijklmnop'), io);
    expect(io.stderr[0]).not.toContain('ghu_abcdefghijklmnop');
    reportError(new Error('bad token ghu_abcdefghijklmnop'), io, { showToken: true });
    expect(io.stderr[1]).toContain('ghu_abcdefghijklmnop');
  });
});
