import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../admin/auth/password.js';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { openSqliteStateStore } from '../store/sqlite/state-store.js';
import { runAdminSetPassword } from './admin.js';
import { memoryIO } from './io.js';
import { runStart, type StartHandle } from './start.js';
import { runCli, spawnCli } from './test-helpers.js';

let dir: string;
let emulator: Emulator | undefined;
let handle: StartHandle | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cgw-keys-cli-'));
});
afterEach(async () => {
  await handle?.close();
  handle = undefined;
  await emulator?.close();
  emulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('copilot-gateway keys', () => {
  it('creates (printing the key once), lists (never the key) and revokes', async () => {
    const created = await runCli([
      'keys',
      'create',
      '--name',
      'ci',
      '--models',
      'gpt-*,claude-*',
      '--rpm',
      '30',
      '--tpm',
      '10000',
      '--expires',
      '30d',
      '--json',
      '--data-dir',
      dir,
    ]);
    expect(created.exitCode).toBe(0);
    const out = JSON.parse(created.stdout) as { id: string; key: string; models: string[]; limits: object };
    expect(out.key).toMatch(/^cgw_/);
    expect(out.models).toEqual(['gpt-*', 'claude-*']);
    expect(out.limits).toEqual({ rpm: 30, tpm: 10000 });

    const plain = await runCli(['keys', 'create', '--name', 'laptop', '--data-dir', dir]);
    expect(plain.stdout).toMatch(/^cgw_[\w-]{43}$/);
    expect(plain.stderr).toMatch(/only time the key is shown/);

    const listed = await runCli(['keys', 'list', '--data-dir', dir]);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+PREFIX\s+STATUS/);
    expect(listed.stdout).toMatch(/ci\s+cgw_\S{6}…\s+active/);
    expect(listed.stdout).not.toContain(out.key.slice(10));
    expect(listed.stdout).not.toContain(plain.stdout.slice(10));

    expect((await runCli(['keys', 'revoke', 'ci', '--data-dir', dir])).stdout).toMatch(/Revoked key "ci"/);
    const json = JSON.parse((await runCli(['keys', 'list', '--json', '--data-dir', dir])).stdout) as {
      name: string;
      status: string;
    }[];
    expect(json.map((k) => [k.name, k.status])).toEqual([
      ['ci', 'revoked'],
      ['laptop', 'active'],
    ]);
    const again = await runCli(['keys', 'revoke', 'ci', '--data-dir', dir]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/No active key/);
  });

  it('rejects bad flags with a message saying what to use', async () => {
    const bad = await runCli(['keys', 'create', '--name', 'x', '--rpm', 'fast', '--data-dir', dir]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/Invalid --rpm "fast"/);
    const scope = await runCli(['keys', 'create', '--name', 'x', '--scopes', 'root', '--data-dir', dir]);
    expect(scope.stderr).toMatch(/Unknown scope "root": use inference, admin:read, admin:write/);
    const exp = await runCli(['keys', 'create', '--name', 'x', '--expires', 'soon', '--data-dir', dir]);
    expect(exp.stderr).toMatch(/Invalid expiry "soon"/);
  });

  it('a running gateway honours keys the CLI creates and revokes', async () => {
    emulator = await startEmulator({ githubTokens: ['ghu_keys_cli'] });
    handle = await runStart(
      { port: 0, githubUrl: emulator.githubUrl, githubToken: 'ghu_keys_cli', dataDir: dir },
      {},
      memoryIO(),
    );
    const models = (key?: string) =>
      fetch(`${handle!.url}/v1/models`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    expect((await models()).status).toBe(200);
    const key = (await runCli(['keys', 'create', '--name', 'live', '--data-dir', dir])).stdout;
    expect((await models()).status).toBe(401);
    expect((await models(key)).status).toBe(200);
    await runCli(['keys', 'revoke', 'live', '--data-dir', dir]);
    expect((await models(key)).status).toBe(401);
  });
});

describe('safe start-up', () => {
  it('refuses a non-loopback address with no key: exit code 2 naming both fixes', async () => {
    const r = await runCli([
      'start',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--github-token',
      'ghu_x',
      '--data-dir',
      dir,
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0 with no API key/);
    expect(r.stderr).toContain('copilot-gateway keys create --name NAME');
    expect(r.stderr).toContain('--no-auth');
    // The real process exits with that code.
    const spawned = await spawnCli(['start', '--host', '0.0.0.0', '--port', '0', '--data-dir', dir], {
      GH_TOKEN: 'ghu_x',
    });
    expect(spawned.code).toBe(2);
    expect(spawned.stderr).not.toContain('ghu_x');
  });

  it('starts with --no-auth and warns; starts without warning once a key exists', async () => {
    emulator = await startEmulator({ githubTokens: ['ghu_noauth'] });
    const logFile = join(dir, 'log.txt');
    const flags = {
      port: 0,
      host: '0.0.0.0',
      githubUrl: emulator.githubUrl,
      githubToken: 'ghu_noauth',
      dataDir: dir,
      logFile,
    };
    handle = await runStart({ ...flags, noAuth: true }, {}, memoryIO());
    expect(readFileSync(logFile, 'utf8')).toMatch(
      /WARN .*--no-auth: listening on 0\.0\.0\.0 with no API key/,
    );
    await handle.close();
    handle = undefined;
    const state = openSqliteStateStore(dir);
    await state.keys.create({ name: 'k' });
    await state.close();
    writeFileSync(logFile, '');
    handle = await runStart(flags, {}, memoryIO());
    expect(readFileSync(logFile, 'utf8')).not.toMatch(/no-auth/);
  });

  it('reads the GitHub token from --github-token-file, or stdin with "-"', async () => {
    emulator = await startEmulator({ githubTokens: ['ghu_from_file'], login: 'octo' });
    const file = join(dir, 'token.txt');
    writeFileSync(file, 'ghu_from_file\n', { mode: 0o600 });
    const io = memoryIO();
    handle = await runStart(
      { port: 0, githubUrl: emulator.githubUrl, githubTokenFile: file, dataDir: dir },
      {},
      io,
    );
    expect(io.stderr.join('\n')).toContain('Signed in to GitHub as octo.');
    await handle.close();
    const io2 = memoryIO();
    handle = await runStart(
      { port: 0, githubUrl: emulator.githubUrl, githubTokenFile: '-', dataDir: dir },
      {},
      io2,
      {
        stdin: Readable.from(['ghu_from_file\n']),
      },
    );
    expect(io2.stderr.join('\n')).toContain('Signed in to GitHub as octo.');
  });
});

describe('copilot-gateway admin set-password', () => {
  it('stores a scrypt hash of the password read from stdin', async () => {
    const io = memoryIO();
    expect(
      await runAdminSetPassword({ dataDir: dir }, {}, io, Readable.from(['a long admin password\n'])),
    ).toBe(0);
    const state = openSqliteStateStore(dir);
    const hash = (await state.admin.passwordHash()) as string;
    await state.close();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('a long admin password');
    expect(await verifyPassword('a long admin password', hash)).toBe(true);
    expect(await verifyPassword('a long admin passworD', hash)).toBe(false);
    await expect(runAdminSetPassword({ dataDir: dir }, {}, io, Readable.from(['short\n']))).rejects.toThrow(
      /at least 10 characters/,
    );
  });
});
