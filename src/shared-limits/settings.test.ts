// --redis-url / COPILOT_GATEWAY_REDIS_URL / config redisUrl, and what the gateway says at start-up
// about where its limits are counted.
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../config/load.js';
import { parseConfigFile } from '../config/schema.js';
import { createBudgetTracker } from '../usage/budgets.js';
import { createPriceTable } from '../usage/price-table.js';
import { memoryLogger } from '../util/log.js';
import { createGatewayLimits } from './index.js';
import { describeRedisUrl } from './redis-link.js';

const base = { flags: {}, env: {}, file: {}, dataDir: '/d' };

describe('redis settings', () => {
  it('none by default; flag over env over config.json', () => {
    expect(resolveSettings(base).redisUrl).toBeUndefined();
    expect(resolveSettings(base).redisKeyPrefix).toBe('cgw:');
    const file = parseConfigFile({ redisUrl: 'redis://file:6379', redisKeyPrefix: 'blue:' });
    expect(resolveSettings({ ...base, file })).toMatchObject({
      redisUrl: 'redis://file:6379',
      redisKeyPrefix: 'blue:',
    });
    const env = { COPILOT_GATEWAY_REDIS_URL: 'redis://env:6379' };
    expect(resolveSettings({ ...base, file, env }).redisUrl).toBe('redis://env:6379');
    expect(
      resolveSettings({ ...base, file, env, flags: { redisUrl: 'rediss://flag:6380/2' } }).redisUrl,
    ).toBe('rediss://flag:6380/2');
  });

  it('refuses a URL that is not redis:// without echoing it (it may carry a password)', () => {
    expect(() => resolveSettings({ ...base, flags: { redisUrl: 'http://:hunter2@x' } })).toThrow(
      /Invalid Redis URL \(--redis-url\): expected redis:\/\//,
    );
    try {
      resolveSettings({ ...base, env: { COPILOT_GATEWAY_REDIS_URL: 'postgres://:hunter2@x' } });
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
    expect(() => parseConfigFile({ redisUrl: 'localhost:6379' })).toThrow(
      /redisUrl: use a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  it('logs and reports a Redis URL without its password', () => {
    expect(describeRedisUrl('redis://default:s3cret@cache.internal:6379/1')).toBe(
      'redis://cache.internal:6379/1',
    );
    expect(describeRedisUrl('rediss://:s3cret@cache:6380')).toBe('rediss://cache:6380');
  });
});

describe('where the limits are counted', () => {
  const prices = createPriceTable();
  const make = async (backend: 'sqlite' | 'postgres', redisUrl?: string) => {
    const log = memoryLogger('info');
    const limits = await createGatewayLimits({
      settings: { redisUrl, redisKeyPrefix: 'cgw:', rateLimitWait: false },
      backend,
      budgets: createBudgetTracker(prices),
      prices,
      usage: { costByKeySince: async () => new Map() },
      log,
    });
    return { limits, log };
  };

  it('a server database without Redis: says at start-up that limits are per instance', async () => {
    const { limits, log } = await make('postgres');
    expect(limits.mode).toBe('local');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/WARN .*no --redis-url: .*per instance/);
  });

  it('SQLite in the data dir (one instance): local limits, nothing to say; ready', async () => {
    const { limits, log } = await make('sqlite');
    expect(limits.mode).toBe('local');
    expect(log.lines).toEqual([]);
    expect(await limits.readiness()).toEqual({ ok: true, configured: false });
  });

  it('with a Redis URL: the shared limits (connected on start)', async () => {
    const { limits } = await make('postgres', 'redis://127.0.0.1:1');
    expect(limits.mode).toBe('redis');
    await limits.close();
  });
});
