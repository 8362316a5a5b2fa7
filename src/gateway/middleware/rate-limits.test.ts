import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { Cancellation } from '../../util/cancellation.js';
import { KeyLimiter, UpstreamPacer } from './rate-limits.js';

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as GatewayError;
  }
  throw new Error('did not throw');
};

describe('KeyLimiter', () => {
  it('allows rpm requests per sliding minute and says when to retry', () => {
    let t = 1_000_000;
    const l = new KeyLimiter(() => t);
    const key = { id: 'k', name: 'ci', limits: { rpm: 2 } };
    l.admit(key)();
    t += 10_000;
    l.admit(key)();
    const err = thrown(() => l.admit(key));
    expect(err.status).toBe(429);
    expect(err.retryAfter).toBe(50);
    t += 50_000;
    expect(() => l.admit(key)).not.toThrow();
  });

  it('counts concurrent requests until released (release is idempotent)', () => {
    const l = new KeyLimiter(() => 0);
    const key = { id: 'k', name: 'ci', limits: { concurrent: 1 } };
    const release = l.admit(key);
    expect(thrown(() => l.admit(key)).message).toMatch(/1 concurrent/);
    release();
    release();
    const again = l.admit(key);
    expect(thrown(() => l.admit(key)).status).toBe(429);
    again();
  });

  it('refuses once the tokens charged in the last minute reach tpm', () => {
    let t = 0;
    const l = new KeyLimiter(() => t);
    const key = { id: 'k', name: 'ci', limits: { tpm: 100 } };
    l.admit(key)();
    l.charge('k', 60);
    l.admit(key)();
    l.charge('k', 40);
    expect(thrown(() => l.admit(key)).message).toMatch(/100 tokens per minute/);
    t = 60_001;
    expect(() => l.admit(key)).not.toThrow();
  });

  it('keeps keys apart', () => {
    const l = new KeyLimiter(() => 0);
    l.admit({ id: 'a', name: 'a', limits: { rpm: 1 } });
    expect(() => l.admit({ id: 'b', name: 'b', limits: { rpm: 1 } })).not.toThrow();
  });
});

describe('UpstreamPacer', () => {
  it('without --wait refuses inside the interval with retry-after', async () => {
    let t = 0;
    const p = new UpstreamPacer(5000, false, () => t);
    await p.admit(new Cancellation());
    t = 1000;
    const err = await p.admit(new Cancellation()).catch((e: GatewayError) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).retryAfter).toBe(4);
    t = 5000;
    await expect(p.admit(new Cancellation())).resolves.toBeUndefined();
  });

  it('with --wait gives waiters successive slots and lets a cancelled one go', async () => {
    const p = new UpstreamPacer(10, true);
    const order: number[] = [];
    const cancelled = new Cancellation();
    const waits = [p.admit(new Cancellation()), p.admit(cancelled), p.admit(new Cancellation())];
    cancelled.abort(new Error('gone'));
    await Promise.allSettled(waits.map((w, i) => w.then(() => order.push(i))));
    expect(order).toEqual([0, 2]);
    await expect(waits[1]).rejects.toThrow('gone');
  });
});
