import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../config/load.js';
import { applyLive, changedKeys } from './live.js';

describe('live settings', () => {
  it('applies live keys in place (readers holding an object see it) and leaves restart keys alone', () => {
    const settings = resolveSettings({ flags: {}, env: {}, file: {}, dataDir: '/tmp/x' });
    const heldRetry = settings.retry;
    const file = { retry: { maxAttempts: 1 }, smallModel: 'gpt-5-mini', maxConcurrent: 3 };
    const keys = changedKeys({}, file);
    expect(keys.sort()).toEqual(['maxConcurrent', 'retry', 'smallModel']);
    expect(applyLive(settings, file, keys).sort()).toEqual(['retry', 'smallModel']);
    expect(heldRetry.maxAttempts).toBe(1);
    expect(settings.retry).toBe(heldRetry);
    expect(settings.smallModel).toBe('gpt-5-mini');
    expect(settings.maxConcurrent).not.toBe(3);
    // Removing a live setting returns it to its default.
    applyLive(settings, {}, changedKeys(file, {}));
    expect(settings.smallModel).toBeUndefined();
    expect(heldRetry.maxAttempts).toBe(
      resolveSettings({ flags: {}, env: {}, file: {}, dataDir: '/tmp/x' }).retry.maxAttempts,
    );
  });
});
