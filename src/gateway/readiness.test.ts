// GET /readyz: 200 while every dependency answers, 503 (with the failing check named) otherwise;
// a hung or throwing check is "not ready", never a hang or a 500.
import { describe, expect, it } from 'vitest';
import { startLocalStack } from '../dev/local-stack.js';
import { runReadiness } from './readiness.js';

describe('readiness', () => {
  it('a single instance without Redis is ready (no Redis check: it uses none)', async () => {
    const stack = await startLocalStack();
    try {
      const res = await fetch(`${stack.url}/readyz`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({
        ready: true,
        checks: { database: { ok: true, backend: 'sqlite' } },
      });
    } finally {
      await stack.close();
    }
  });

  it('a failing, throwing or hung check makes the instance not ready', async () => {
    const report = await runReadiness(
      [
        { name: 'fine', check: async () => ({ ok: true }) },
        { name: 'down', check: async () => ({ ok: false, error: 'connection refused' }) },
        {
          name: 'throws',
          check: async () => {
            throw new Error('boom');
          },
        },
        { name: 'hung', check: () => new Promise(() => {}) },
      ],
      20,
    );
    expect(report).toEqual({
      ready: false,
      checks: {
        fine: { ok: true },
        down: { ok: false, error: 'connection refused' },
        throws: { ok: false, error: 'boom' },
        hung: { ok: false, error: 'no answer within 20 ms' },
      },
    });
  });
});
