// The upstream body's flow control: a resume() that delivers data (or the end) synchronously, as
// undici does when its parser already holds bytes, must not lose the consumer's wake-up.
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { UpstreamBody } from './upstream-body.js';

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
