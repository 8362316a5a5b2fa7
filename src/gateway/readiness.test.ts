import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../dev/local-stack.js';
import { runReadiness } from './readiness.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('readiness', () => {
  it('GET /readyz reports the state database (public, like /healthz)', async () => {
    stack = await startLocalStack();
    const res = await fetch(`${stack.url}/readyz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      ready: true,
      checks: { database: { ok: true, backend: stack.store.backend } },
    });
  });

  it('is not ready when a check fails, throws or never answers', async () => {
    const report = await runReadiness(
      [
        { name: 'database', check: async () => ({ ok: true, backend: 'sqlite' }) },
        { name: 'redis', check: async () => ({ ok: false, error: 'connection refused' }) },
        { name: 'thrown', check: async () => Promise.reject(new Error('boom')) },
        { name: 'hung', check: () => new Promise(() => {}) },
      ],
      50,
    );
    expect(report).toEqual({
      ready: false,
      checks: {
        database: { ok: true, backend: 'sqlite' },
        redis: { ok: false, error: 'connection refused' },
        thrown: { ok: false, error: 'boom' },
        hung: { ok: false, error: 'no answer within 50 ms' },
      },
    });
  });
});
