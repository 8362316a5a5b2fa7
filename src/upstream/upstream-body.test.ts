// The upstream body's flow control: a resume() that delivers data (or the end) synchronously, as
// undici does when its parser already holds bytes, must not lose the consumer's wake-up.
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { HIGH_WATER_BYTES, UpstreamBody } from './upstream-body.js';

/** A controller whose resume() replays what it holds synchronously, like undici's parser. */
function syncController(body: UpstreamBody, held: Buffer[], endOnResume: boolean) {
  const controller = {
    paused: false,
    aborted: false,
    reason: null,
    pause() {
      controller.paused = true;
    },
    resume() {
      controller.paused = false;
      while (held.length > 0 && !controller.paused) body.push(held.shift()!);
      if (held.length === 0 && endOnResume) body.end();
    },
    abort() {},
  };
  return controller as unknown as Dispatcher.DispatchController & { paused: boolean };
}

const chunk = (i: number) => Buffer.from(`chunk-${i};`);

describe('UpstreamBody', () => {
  it('buffer() gets the end that a resume() delivers synchronously', async () => {
    const body = new UpstreamBody();
    const held = Array.from({ length: 100 }, (_, i) => chunk(i + 40));
    const controller = syncController(body, held, true);
    body.attach(controller);
    for (let i = 0; i < 40; i++) body.push(chunk(i)); // past the high-water mark: paused
    expect(controller.paused).toBe(true);
    const whole = await body.buffer();
    expect(whole.toString()).toBe(Array.from({ length: 140 }, (_, i) => `chunk-${i};`).join(''));
  });

  it('iteration gets every chunk and the end when resume() delivers them synchronously', async () => {
    const body = new UpstreamBody();
    const held = Array.from({ length: 200 }, (_, i) => chunk(i + 40));
    const controller = syncController(body, held, true);
    body.attach(controller);
    for (let i = 0; i < 40; i++) body.push(chunk(i));
    const seen: string[] = [];
    for await (const c of body) seen.push(c.toString());
    expect(seen).toHaveLength(240);
    expect(seen.at(-1)).toBe('chunk-239;');
  });

  it('a wait that starts after the end returns at once', async () => {
    const body = new UpstreamBody();
    body.push(chunk(0));
    body.end();
    expect((await body.buffer()).toString()).toBe('chunk-0;');
  });
});

describe('UpstreamBody flow control by bytes', () => {
  it('pauses the upstream once HIGH_WATER_BYTES are queued, however few the chunks', () => {
    const body = new UpstreamBody();
    const controller = syncController(body, [], false);
    body.attach(controller);
    const big = Buffer.alloc(64 * 1024, 0x61);
    let pushed = 0;
    while (!controller.paused && pushed < 100) {
      body.push(big);
      pushed++;
    }
    expect(controller.paused).toBe(true);
    expect(pushed).toBe(HIGH_WATER_BYTES / big.length);
    expect(body.queuedBytes).toBe(HIGH_WATER_BYTES);
  });

  it('resumes when the consumer has taken the queue below half', async () => {
    const body = new UpstreamBody();
    const held = Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 0x62));
    const controller = syncController(body, held, true);
    body.attach(controller);
    for (let i = 0; i < 4; i++) body.push(Buffer.alloc(64 * 1024, 0x62));
    expect(controller.paused).toBe(true);
    let total = 0;
    let maxQueued = 0;
    for await (const c of body) {
      total += c.length;
      maxQueued = Math.max(maxQueued, body.queuedBytes);
    }
    expect(total).toBe(24 * 64 * 1024);
    expect(maxQueued).toBeLessThanOrEqual(HIGH_WATER_BYTES);
  });
});
