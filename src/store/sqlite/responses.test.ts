// Ported from the former src/store/response-store.test.ts: the Responses store moved into the state store.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from '../../test-support/state-backends.js';
import { openSqliteStateStore } from './state-store.js';

describe('response store', () => {
  it('keeps entries for their TTL, in a 0600 file', async () => {
    let t = 1_000_000;
    const dir = mkdtempSync(join(tmpdir(), 'rs-'));
    const store = openSqliteStateStore(dir, { responses: { ttlSec: 60, maxEntries: 10 }, now: () => t });
    await store.responses.put({
      id: 'resp_1',
      model: 'm',
      input: [{ role: 'user', content: 'hi' }],
      output: [{ type: 'message' }],
    });
    expect(await store.responses.get('resp_1')).toEqual({
      id: 'resp_1',
      model: 'm',
      input: [{ role: 'user', content: 'hi' }],
      output: [{ type: 'message' }],
    });
    expect(statSync(join(dir, 'gateway.db')).mode & 0o777).toBe(0o600);
    t += 61_000;
    expect(await store.responses.get('resp_1')).toBeUndefined();
    await store.close();
  });
});

describeEachBackend('response store bounds', (b) => {
  it('is bounded: the oldest entries go first', async () => {
    let t = 0;
    const store = await b.store({ responses: { ttlSec: 3600, maxEntries: 3 }, now: () => ++t });
    for (let i = 1; i <= 5; i++)
      await store.responses.put({ id: `r${i}`, model: 'm', input: [], output: [] });
    expect(await store.responses.get('r1')).toBeUndefined();
    expect(await store.responses.get('r2')).toBeUndefined();
    expect(await store.responses.get('r5')).toBeDefined();
    expect(await store.responses.get('r3')).toBeDefined();
  });

  it('keeps entries for their TTL and overwrites an id', async () => {
    let t = 1_000_000;
    const store = await b.store({ responses: { ttlSec: 60, maxEntries: 10 }, now: () => t });
    await store.responses.put({ id: 'resp_1', model: 'm', input: [1], output: [], conversation: 'c1' });
    await store.responses.put({ id: 'resp_1', model: 'm2', input: [2], output: [] });
    expect(await store.responses.get('resp_1')).toEqual({
      id: 'resp_1',
      model: 'm2',
      input: [2],
      output: [],
    });
    t += 61_000;
    expect(await store.responses.get('resp_1')).toBeUndefined();
  });
});
