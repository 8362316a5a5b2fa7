// The usage and metrics settings: config.json keys, validation and layering over the defaults.
import { describe, expect, it } from 'vitest';
import { resolveSettings } from './load.js';
import { parseConfigFile } from './schema.js';

const base = { flags: {}, env: {}, file: {}, dataDir: '/d' };

describe('usage and metrics settings', () => {
  it('defaults: 90 days, 5M rows, rollups 400 days, quota every 5 min, no price overrides, no token', () => {
    const s = resolveSettings(base);
    expect(s.usage).toEqual({
      retentionDays: 90,
      maxRows: 5_000_000,
      rollupRetentionDays: 400,
      quotaPollSec: 300,
      prices: {},
    });
    expect(s.metricsToken).toBeUndefined();
  });

  it('reads usage.* and metricsToken from config.json', () => {
    const file = parseConfigFile({
      metricsToken: 'a-long-enough-metrics-token',
      usage: {
        retentionDays: 7,
        prices: {
          'my-model': { input: 1, output: 4, longContext: { aboveInputTokens: 100000, input: 2, output: 8 } },
        },
      },
    });
    const s = resolveSettings({ ...base, file });
    expect(s.metricsToken).toBe('a-long-enough-metrics-token');
    expect(s.usage.retentionDays).toBe(7);
    expect(s.usage.maxRows).toBe(5_000_000);
    expect(s.usage.prices['my-model']).toMatchObject({ input: 1, output: 4 });
  });

  it('rejects bad prices and short tokens with the path of the mistake', () => {
    expect(() => parseConfigFile({ usage: { prices: { m: { input: -1, output: 1 } } } })).toThrow(
      /usage\.prices\.m\.input/,
    );
    expect(() => parseConfigFile({ usage: { prices: { m: { input: 1 } } } })).toThrow(
      /usage\.prices\.m\.output/,
    );
    expect(() => parseConfigFile({ usage: { prices: { m: { input: 1, output: 1, cost: 2 } } } })).toThrow(
      /unknown setting "cost"/,
    );
    expect(() => parseConfigFile({ metricsToken: 'short' })).toThrow(
      /metricsToken: use at least 16 characters/,
    );
    expect(() => parseConfigFile({ usage: { quotaPollSec: 5 } })).toThrow(/usage\.quotaPollSec/);
  });
});
