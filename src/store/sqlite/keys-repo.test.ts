import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeEachBackend, type StoreLocation } from '../../test-support/state-backends.js';
import type { StateStore } from '../state-store.js';
import { KEY_SECRET_FILE, openSqliteStateStore, STATE_DB_FILE } from './state-store.js';

describeEachBackend('keys repository', (b) => {
  let where: StoreLocation;
  beforeEach(async () => {
    where = await b.location();
  });
  const openStore = () => where.open();

  it('creates cgw_ keys with 256 bits, finds them by hash, and never lists the key', async () => {
    const store = await openStore();
    expect(store.keys.index.hasKeys()).toBe(false);
    const { key, secret } = await store.keys.create({ name: 'ci', models: ['gpt-*'], limits: { rpm: 5 } });
    expect(secret).toMatch(/^cgw_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(secret.slice(0, 10));
    expect(key.scopes).toEqual(['inference']);
    expect(store.keys.index.hasKeys()).toBe(true);
    const found = store.keys.index.lookup(secret);
    expect(found?.id).toBe(key.id);
    expect(found?.allowsModel('gpt-4.1')).toBe(true);
    expect(found?.allowsModel('claude-sonnet-4.5')).toBe(false);
    expect(store.keys.index.lookup(`${secret.slice(0, -1)}x`)).toBeUndefined();
    expect(JSON.stringify(await store.keys.list())).not.toContain(secret.slice(10));
    expect(store.keys.index.check(secret).key?.id).toBe(key.id);
    expect(store.keys.index.check(undefined)).toEqual({ hasKeys: true, key: undefined });
    expect(store.keys.index.check('not-a-key')).toEqual({ hasKeys: true, key: undefined });
  });

  it('sees keys created and revoked by another process at once', async () => {
    const gateway = await openStore();
    const cli = await openStore();
    const { key, secret } = await cli.keys.create({ name: 'laptop' });
    // A shared backend may not have heard of it yet: the request path then asks for a refresh.
    if (!gateway.keys.index.lookup(secret)) await gateway.keys.index.refresh?.();
    expect(gateway.keys.index.lookup(secret)?.name).toBe('laptop');
    await cli.keys.revoke('laptop');
    // PostgreSQL: the revocation notice arrives asynchronously (milliseconds).
    await vi.waitFor(() => expect(gateway.keys.index.lookup(secret)?.revokedAt).toBeGreaterThan(0));
    // Revoking every key does not reopen the gateway.
    expect(gateway.keys.index.hasKeys()).toBe(true);
    expect(await cli.keys.revoke(key.id)).toBeUndefined();
    expect(await cli.keys.revoke('nobody')).toBeUndefined();
  });

  it('keeps names unique among active keys only', async () => {
    const store = await openStore();
    await store.keys.create({ name: 'ci' });
    await expect(store.keys.create({ name: 'ci' })).rejects.toThrow(/already exists/);
    await store.keys.revoke('ci');
    const again = await store.keys.create({ name: 'ci' });
    expect((await store.keys.revoke('ci'))?.id).toBe(again.key.id);
  });

  it('writes last-used times in batches', async () => {
    const store = await openStore();
    const { key } = await store.keys.create({ name: 'x' });
    store.keys.index.touch(key.id, 1234);
    expect((await store.keys.list())[0].lastUsedAt).toBeUndefined();
    await store.keys.flush();
    expect((await store.keys.list())[0].lastUsedAt).toBe(1234);
  });

  it('reuses the hash secret, so keys survive a restart', async () => {
    const first = await openStore();
    const { secret } = await first.keys.create({ name: 'x' });
    await first.close();
    expect((await openStore()).keys.index.lookup(secret)?.name).toBe('x');
  });
});

describe('sqlite keys repository', () => {
  let dir: string;
  const open: StateStore[] = [];
  const openStore = () => {
    const s = openSqliteStateStore(dir);
    open.push(s);
    return s;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cgw-keys-'));
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores neither the key nor its random part anywhere in the data dir', async () => {
    const store = openStore();
    const { secret } = await store.keys.create({ name: 'a' });
    await store.keys.create({ name: 'b' });
    await store.close();
    const body = secret.slice(4);
    const raw = Buffer.from(body, 'base64url');
    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, f));
      expect(bytes.includes(body), f).toBe(false);
      expect(bytes.includes(raw), f).toBe(false);
      expect(bytes.toString('latin1').includes(raw.toString('hex')), f).toBe(false);
    }
    expect(statSync(join(dir, KEY_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, STATE_DB_FILE)).mode & 0o777).toBe(0o600);
  });
});
