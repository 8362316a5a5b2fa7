// The state commands on a PostgreSQL store (--database-url, env COPILOT_GATEWAY_DATABASE_URL or
// config.json databaseUrl): one shell manages what every instance shares, and the URL's password
// never shows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startEmulator } from '../emulator/index.js';
import { openPgStateStore } from '../store/postgres/state-store.js';
import { describeWithPostgres, freshSchema, type TestSchema } from '../test-support/test-database.js';
import { memoryIO } from './io.js';
import { runStart } from './start.js';
import { runCli } from './test-helpers.js';

let dir: string;
let schema: TestSchema | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cgw-dburl-cli-'));
});
afterEach(async () => {
  await schema?.drop();
  schema = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The schema URL with a password (the test server trusts loopback, so any password works). */
function withPassword(url: string): string {
  const u = new URL(url);
  u.password = 'hunter2-secret';
  return u.toString();
}

describeWithPostgres('state commands with --database-url', () => {
  it('keys, accounts, usage and debug work on PostgreSQL from the flag, env or config.json', async () => {
    schema = await freshSchema();
    const url = withPassword(schema.url);
    const created = await runCli([
      'keys',
      'create',
      '--name',
      'ci',
      '--json',
      '--data-dir',
      dir,
      '--database-url',
      url,
    ]);
    expect(created.exitCode).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string };
    // The store really is the database: a gateway instance opening it knows the key.
    const store = await openPgStateStore(url);
    try {
      expect(store.keys.index.lookup(key.key)?.name).toBe('ci');
    } finally {
      await store.close();
    }
    // The env variable, then config.json, name the same store.
    const listed = await runCli(['keys', 'list', '--json', '--data-dir', dir], {
      COPILOT_GATEWAY_DATABASE_URL: url,
    });
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((k) => k.name)).toEqual(['ci']);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ databaseUrl: url }));
    expect((await runCli(['keys', 'revoke', 'ci', '--data-dir', dir])).exitCode).toBe(0);
    const accounts = await runCli(['accounts', 'list', '--json', '--data-dir', dir]);
    expect(accounts.exitCode).toBe(0);
    expect(JSON.parse(accounts.stdout)).toEqual([]);
    const usage = await runCli(['usage', 'summary', '--json', '--data-dir', dir]);
    expect(usage.exitCode).toBe(0);
    const debug = await runCli(['debug', '--data-dir', dir]);
    expect(debug.stdout).toMatch(/State store:\s+PostgreSQL postgres:\/\/gateway:\*\*\*@/);
    for (const out of [created, listed, accounts, usage, debug]) {
      expect(out.stdout + out.stderr).not.toContain('hunter2-secret');
    }
  });

  it('start on PostgreSQL says where the state is, without the password, and serves', async () => {
    schema = await freshSchema();
    const url = withPassword(schema.url);
    const emulator = await startEmulator({ githubTokens: ['ghu_pg_start'] });
    const io = memoryIO();
    try {
      const handle = await runStart(
        {
          port: 0,
          githubUrl: emulator.githubUrl,
          githubToken: 'ghu_pg_start',
          dataDir: dir,
          databaseUrl: url,
        },
        {},
        io,
      );
      try {
        const ready = await fetch(`${handle.url}/readyz`);
        expect(await ready.json()).toEqual({
          ready: true,
          checks: { database: { ok: true, backend: 'postgres' } },
        });
      } finally {
        await handle.close();
      }
    } finally {
      await emulator.close();
    }
    const said = [...io.stdout, ...io.stderr].join('\n');
    expect(said).toMatch(/state store: PostgreSQL postgres:\/\/gateway:\*\*\*@/);
    expect(said).not.toContain('hunter2-secret');
    // The account `start -g` seeded lives in the database, for every instance.
    const accounts = await runCli(['accounts', 'list', '--json', '--data-dir', dir, '--database-url', url]);
    expect((JSON.parse(accounts.stdout) as unknown[]).length).toBe(1);
  });

  it('refuses a URL that is not postgres://, without echoing its password', async () => {
    const r = await runCli(['keys', 'list', '--data-dir', dir, '--database-url', 'mysql://u:pw-secret@h/db']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/expected postgres:\/\//);
    expect(r.stderr).not.toContain('pw-secret');
  });

  it('fails clearly when the database cannot be reached', async () => {
    const r = await runCli([
      'keys',
      'list',
      '--data-dir',
      dir,
      '--database-url',
      'postgres://u:pw-secret@127.0.0.1:1/db',
    ]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/PostgreSQL.*unreachable/);
    expect(r.stderr).not.toContain('pw-secret');
  });
});
