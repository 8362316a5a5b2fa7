// `start` and the account store: the -g shortcut, migrating a pre-pool data dir, serving all.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { memoryIO } from './io.js';
import { runStart, type StartHandle } from './start.js';
import { runCli } from './test-helpers.js';

let emulator: Emulator | undefined;
let handle: StartHandle | undefined;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cgw-start-acc-'));
});
afterEach(async () => {
  await handle?.close();
  handle = undefined;
  await emulator?.close();
  emulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const chat = (url: string) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('start with the account store', () => {
  it('migrates a stored github_token into the store on first start, with a log line', async () => {
    emulator = await startEmulator({ users: [{ token: 'ghu_old', login: 'mona' }] });
    writeFileSync(join(dir, 'github_token'), 'ghu_old\n');
    chmodSync(join(dir, 'github_token'), 0o600);
    const io = memoryIO();
    handle = await runStart({ port: 0, githubUrl: emulator.githubUrl, dataDir: dir }, {}, io);
    expect(io.stderr.join('\n')).toMatch(/Migrated the stored GitHub token to account mona \(acc_\w+\)/);
    expect((await chat(handle.url)).status).toBe(200);
    await handle.close();
    handle = undefined;
    const list = JSON.parse((await runCli(['accounts', 'list', '--json', '--data-dir', dir])).stdout);
    expect(list.map((a: { login: string }) => a.login)).toEqual(['mona']);
    // The second start does not migrate again.
    const io2 = memoryIO();
    handle = await runStart({ port: 0, githubUrl: emulator.githubUrl, dataDir: dir }, {}, io2);
    expect(io2.stderr.join('\n')).not.toMatch(/Migrated/);
  });

  it('serves every enabled account, and only the -g one with the shortcut', async () => {
    emulator = await startEmulator({
      users: [
        { token: 'ghu_a', login: 'ann' },
        { token: 'ghu_b', login: 'ben' },
      ],
    });
    for (const t of ['ghu_a', 'ghu_b'])
      await runCli(['accounts', 'add', '-g', t, '--github-url', emulator.githubUrl, '--data-dir', dir]);
    const io = memoryIO();
    handle = await runStart({ port: 0, githubUrl: emulator.githubUrl, dataDir: dir }, {}, io);
    expect(io.stderr.join('\n')).toContain('Signed in to GitHub as ann (+1 more account).');
    emulator.limitUser('ann', 'session', 600);
    expect((await chat(handle.url)).status).toBe(200);
    expect(emulator.userRequests('ben')).toBe(1);
    await handle.close();
    emulator.resetUser('ann');
    handle = await runStart(
      { port: 0, githubUrl: emulator.githubUrl, dataDir: dir, githubToken: 'ghu_b' },
      {},
      memoryIO(),
    );
    expect((await chat(handle.url)).status).toBe(200);
    expect(emulator.userRequests('ann')).toBe(0);
    expect(emulator.userRequests('ben')).toBe(2);
  });
});
