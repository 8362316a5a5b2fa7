import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openResponseStore } from './response-store.js';

describe('response store', () => {
  it('keeps entries for their TTL, in a 0600 file', () => {
    let t = 1_000_000;
    const file = join(mkdtempSync(join(tmpdir(), 'rs-')), 'gateway.db');
    const store = openResponseStore(file, { ttlSec: 60, maxEntries: 10, now: () => t });
    store.put({
      id: 'resp_1',
      model: 'm',
      input: [{ role: 'user', content: 'hi' }],
      output: [{ type: 'message' }],
    });
    expect(store.get('resp_1')).toEqual({
      id: 'resp_1',
      model: 'm',
      input: [{ role: 'user', content: 'hi' }],
      output: [{ type: 'message' }],
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    t += 61_000;
    expect(store.get('resp_1')).toBeUndefined();
    store.close();
  });

  it('is bounded: the oldest entries go first', () => {
    let t = 0;
    const store = openResponseStore(':memory:', { ttlSec: 3600, maxEntries: 3, now: () => ++t });
    for (let i = 1; i <= 5; i++) store.put({ id: `r${i}`, model: 'm', input: [], output: [] });
    expect(store.get('r1')).toBeUndefined();
    expect(store.get('r2')).toBeUndefined();
    expect(store.get('r5')).toBeDefined();
    expect(store.get('r3')).toBeDefined();
    store.close();
  });
});
