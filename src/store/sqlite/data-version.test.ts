// The connection's change signal: read() sees another connection's commit at once; recent()
// reuses the latest answer for a short while only; the key index and the account stamp of one
// state store share it, so a request's key check is the one read its pool check needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateStore } from '../state-store.js';
import { createDataVersion, REUSE_MAX_MS } from './data-version.js';
import { openSqlite } from './open.js';
import { openSqliteStateStore } from './state-store.js';

describe('createDataVersion', () => {
  const dirs: string[] = [];
  const stores: StateStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'cgw-dv-'));
    dirs.push(d);
    return d;
  };

  it('changes with another connection commit only, and recent() asks again once its answer is old', () => {
    const file = join(dir(), 'x.db');
    const own = openSqlite(file);
    const other = openSqlite(file);
    own.exec('CREATE TABLE t (n INTEGER)');
    let now = 0;
    const dv = createDataVersion(own, () => now);
    const first = dv.read();
    own.exec('INSERT INTO t VALUES (1)');
    expect(dv.read()).toBe(first); // our own commits do not move it
    other.exec('INSERT INTO t VALUES (2)');
    expect(dv.recent()).toBe(first); // reused: read at "0"
    now = REUSE_MAX_MS + 1;
    const second = dv.recent(); // too old: asked again
    expect(second).not.toBe(first);
    other.exec('INSERT INTO t VALUES (3)');
    expect(dv.read()).not.toBe(second);
    own.close();
    other.close();
  });

  it('lets the account stamp reuse the key check of the same request, and no older answer', async () => {
    const d = dir();
    const gateway = openSqliteStateStore(d);
    const cli = openSqliteStateStore(d);
    stores.push(gateway, cli);
    const stamp = gateway.accounts.changeStamp();
    await cli.accounts.add({ login: 'bob', kind: 'oauth', githubUrl: 'https://github.com', token: 'ghu_b' });
    // A request's key check reads the signal after the change: its pool check sees the change.
    gateway.keys.index.check(undefined);
    expect(gateway.accounts.changeStamp(true)).not.toBe(stamp);
    expect(gateway.accounts.changeStamp()).toBe(gateway.accounts.changeStamp(true));
  });
});
