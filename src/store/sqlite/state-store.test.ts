import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStateStore } from './state-store.js';

const dir = () => mkdtempSync(join(tmpdir(), 'cgw-state-'));
const base = { kind: 'oauth' as const, githubUrl: 'https://github.com' };

describe('sqlite state store', () => {
  it('keeps accounts with their own identity, secrets apart, 0600', async () => {
    const d = dir();
    const store = openSqliteStateStore(d);
    const a = await store.accounts.add({ ...base, login: 'alice', token: 'ghu_a' });
    const b = await store.accounts.add({ ...base, login: 'alice', token: 'ghu_b', priority: 5 });
    expect(b.label).toBe('alice-2');
    expect(a.deviceId).not.toBe(b.deviceId);
    expect(a.machineId).not.toBe(b.machineId);
    expect(JSON.stringify(await store.accounts.list())).not.toContain('ghu_');
    expect(await store.accounts.token(b.id)).toBe('ghu_b');
    expect((await store.accounts.find('alice-2'))?.id).toBe(b.id);
    expect((await store.accounts.find(a.id))?.label).toBe('alice');
    await expect(store.accounts.add({ ...base, login: 'x', label: 'alice', token: 't' })).rejects.toThrow(
      /exists/,
    );
    await store.accounts.update(b.id, { priority: -1, enabled: false });
    expect((await store.accounts.list()).map((x) => [x.label, x.enabled])).toEqual([
      ['alice-2', false],
      ['alice', true],
    ]);
    expect(statSync(join(d, 'gateway.db')).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('shows a cooldown written by one connection to another, and a change stamp that moves', async () => {
    const d = dir();
    const gw = openSqliteStateStore(d);
    const cli = openSqliteStateStore(d);
    const a = await cli.accounts.add({ ...base, login: 'alice', token: 'ghu_a' });
    const stamp = gw.accounts.changeStamp();
    await cli.accounts.update(a.id, { enabled: false });
    expect(gw.accounts.changeStamp()).not.toBe(stamp);
    await gw.accounts.coolDown(a.id, 1234, 'user_weekly_rate_limited');
    expect((await cli.accounts.states())[0]).toMatchObject({
      cooldownUntil: 1234,
      reason: 'user_weekly_rate_limited',
    });
    await gw.accounts.clearCooldown(a.id);
    expect((await cli.accounts.states())[0].cooldownUntil).toBeUndefined();
    expect(await cli.accounts.remove(a.id)).toBe(true);
    expect(await gw.accounts.states()).toEqual([]);
    await gw.close();
    await cli.close();
  });

  it('expires affinity after its TTL and survives reopening', async () => {
    const d = dir();
    let t = 1_000_000;
    const store = openSqliteStateStore(d, { now: () => t });
    await store.affinity.set('conv', 'acc_1', 60);
    await store.close();
    const again = openSqliteStateStore(d, { now: () => t });
    expect(await again.affinity.get('conv')).toEqual({ accountId: 'acc_1', expiresAt: t + 60_000 });
    t += 61_000;
    expect(await again.affinity.get('conv')).toBeUndefined();
    await again.close();
  });

  it('bounds stored responses in bytes, oldest first', async () => {
    let t = 0;
    const store = openSqliteStateStore(dir(), { now: () => ++t, responses: { maxBytes: 2500 } });
    const big = 'x'.repeat(1000);
    for (const id of ['r1', 'r2', 'r3'])
      await store.responses.put({ id, model: 'm', input: [big], output: [] });
    expect(await store.responses.get('r1')).toBeUndefined();
    expect((await store.responses.get('r2'))?.input).toEqual([big]);
    expect(await store.responses.get('r3')).toBeDefined();
    await store.responses.put({ id: 'r4', model: 'm', input: ['small'], output: [], accountId: 'acc_1' });
    expect((await store.responses.get('r4'))?.accountId).toBe('acc_1');
    await store.close();
  });

  it('keeps context summaries in the same database, across a reopen', async () => {
    const d = dir();
    const first = openSqliteStateStore(d);
    await first.summaries.put('k1', 'gpt-4.1', 'the summary');
    await first.close();
    const again = openSqliteStateStore(d);
    expect(await again.summaries.get('k1')).toBe('the summary');
    expect(await again.summaries.get('k2')).toBeUndefined();
    await again.close();
  });
});
