// The state store's repositories, on both backends (SQLite in a data dir; PostgreSQL in a schema
// of the test database). Two stores on one location stand for two processes or instances.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { describeEachBackend } from '../test-support/state-backends.js';

const base = { kind: 'oauth' as const, githubUrl: 'https://github.com' };

describeEachBackend('state store', (b) => {
  it('keeps accounts with their own identity, secrets apart, 0600', async () => {
    const where = await b.location();
    const store = await where.open();
    const a = await store.accounts.add({ ...base, login: 'alice', token: 'ghu_a' });
    const bb = await store.accounts.add({ ...base, login: 'alice', token: 'ghu_b', priority: 5 });
    expect(bb.label).toBe('alice-2');
    expect(a.deviceId).not.toBe(bb.deviceId);
    expect(a.machineId).not.toBe(bb.machineId);
    expect(JSON.stringify(await store.accounts.list())).not.toContain('ghu_');
    expect(await store.accounts.token(bb.id)).toBe('ghu_b');
    expect((await store.accounts.find('alice-2'))?.id).toBe(bb.id);
    expect((await store.accounts.find(a.id))?.label).toBe('alice');
    await expect(store.accounts.add({ ...base, login: 'x', label: 'alice', token: 't' })).rejects.toThrow(
      /exists/,
    );
    await store.accounts.update(bb.id, { priority: -1, enabled: false });
    expect((await store.accounts.list()).map((x) => [x.label, x.enabled])).toEqual([
      ['alice-2', false],
      ['alice', true],
    ]);
    if (b.backend === 'sqlite') expect(statSync(join(where.dir, 'gateway.db')).mode & 0o777).toBe(0o600);
  });

  it('shows a cooldown written by one connection to another, and a change stamp that moves', async () => {
    const where = await b.location();
    const gw = await where.open();
    const cli = await where.open();
    const a = await cli.accounts.add({ ...base, login: 'alice', token: 'ghu_a' });
    const stamp = gw.accounts.changeStamp();
    await cli.accounts.update(a.id, { enabled: false });
    // PostgreSQL: the change notice arrives asynchronously (milliseconds).
    await vi.waitFor(() => expect(gw.accounts.changeStamp()).not.toBe(stamp));
    await gw.accounts.coolDown(a.id, 1234, 'user_weekly_rate_limited');
    expect((await cli.accounts.states())[0]).toMatchObject({
      cooldownUntil: 1234,
      reason: 'user_weekly_rate_limited',
    });
    await gw.accounts.clearCooldown(a.id);
    expect((await cli.accounts.states())[0].cooldownUntil).toBeUndefined();
    expect(await cli.accounts.remove(a.id)).toBe(true);
    expect(await gw.accounts.states()).toEqual([]);
  });

  it('expires affinity after its TTL and survives reopening', async () => {
    const where = await b.location();
    let t = 1_000_000;
    const store = await where.open({ now: () => t });
    await store.affinity.set('conv', 'acc_1', 60);
    await store.close();
    const again = await where.open({ now: () => t });
    expect(await again.affinity.get('conv')).toEqual({ accountId: 'acc_1', expiresAt: t + 60_000 });
    t += 61_000;
    expect(await again.affinity.get('conv')).toBeUndefined();
  });

  it('shares affinity between two stores; a binding moved on one is seen by the other', async () => {
    const where = await b.location();
    const one = await where.open();
    const two = await where.open();
    await one.affinity.set('conv', 'acc_1', 600);
    expect((await two.affinity.get('conv'))?.accountId).toBe('acc_1');
    await one.affinity.set('conv', 'acc_2', 600);
    await vi.waitFor(async () => expect((await two.affinity.get('conv'))?.accountId).toBe('acc_2'));
    await two.affinity.dropAccount('acc_2');
    await vi.waitFor(async () => expect(await one.affinity.get('conv')).toBeUndefined());
  });

  it('bounds stored responses in bytes, oldest first', async () => {
    let t = 0;
    const store = await b.store({ now: () => ++t, responses: { maxBytes: 2500 } });
    const big = 'x'.repeat(1000);
    for (const id of ['r1', 'r2', 'r3'])
      await store.responses.put({ id, model: 'm', input: [big], output: [] });
    expect(await store.responses.get('r1')).toBeUndefined();
    expect((await store.responses.get('r2'))?.input).toEqual([big]);
    expect(await store.responses.get('r3')).toBeDefined();
    await store.responses.put({ id: 'r4', model: 'm', input: ['small'], output: [], accountId: 'acc_1' });
    expect((await store.responses.get('r4'))?.accountId).toBe('acc_1');
  });

  it('keeps context summaries in the same database, across a reopen', async () => {
    const where = await b.location();
    const first = await where.open();
    await first.summaries.put('k1', 'gpt-4.1', 'the summary');
    await first.close();
    const again = await where.open();
    expect(await again.summaries.get('k1')).toBe('the summary');
    expect(await again.summaries.get('k2')).toBeUndefined();
  });

  it('keeps the admin password hash, shared by every store on the location', async () => {
    const where = await b.location();
    const one = await where.open();
    const two = await where.open();
    expect(await two.admin.passwordHash()).toBeUndefined();
    await one.admin.setPasswordHash('scrypt$x');
    expect(await two.admin.passwordHash()).toBe('scrypt$x');
    await one.admin.setPasswordHash('scrypt$y');
    expect(await two.admin.passwordHash()).toBe('scrypt$y');
  });
});
