// RedisLink.coalesce against a real Redis: the commands of one event-loop turn wait in the corked
// socket and leave together at the turn's end; nothing is lost or reordered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../util/log.js';
import { RedisLink } from './redis-link.js';
import { redisAvailable, testRedis } from './test-support.js';

const run = redisAvailable();

describe.runIf(run)('RedisLink.coalesce', () => {
  let redis: { url: string; close(): Promise<void> };
  let link: RedisLink;
  beforeAll(async () => {
    redis = await testRedis();
    link = new RedisLink({ url: redis.url, log: silentLogger() });
    await link.connect();
  });
  afterAll(async () => {
    await link?.close();
    await redis?.close();
  });

  it('holds the commands of this turn in the socket and sends them together at its end', async () => {
    const socket = (link.client as unknown as { stream: { writableCorked: number; writableLength: number } })
      .stream;
    link.coalesce();
    link.coalesce(); // once per turn, however often asked
    const replies = [link.client.ping('a'), link.client.ping('b'), link.client.ping('c')];
    expect(socket.writableCorked).toBe(1);
    // All three are still in the socket's buffer, none written yet.
    expect(socket.writableLength).toBeGreaterThan(0);
    expect(await Promise.all(replies)).toEqual(['a', 'b', 'c']);
    expect(socket.writableCorked).toBe(0);
    expect(socket.writableLength).toBe(0);
  });

  it('does nothing while Redis is not connected', async () => {
    const away = new RedisLink({ url: 'redis://127.0.0.1:1', log: silentLogger() });
    expect(() => away.coalesce()).not.toThrow();
    await away.close();
  });
});
