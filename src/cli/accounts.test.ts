import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { openSqliteStateStore } from '../store/sqlite/state-store.js';
import { runCli } from './test-helpers.js';
import { readTokenInput } from './token-input.js';

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({
    users: [
      { token: 'ghu_alice', login: 'alice' },
      { token: 'github_pat_carol', login: 'carol', kind: 'pat' },
    ],
    deviceFlow: { pendingPolls: 0, interval: 1 },
  });
  dir = mkdtempSync(join(tmpdir(), 'cgw-accounts-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli(['accounts', ...args, '--data-dir', dir]);

describe('copilot-gateway accounts', () => {
  it('adds OAuth and PAT accounts non-interactively, lists, sets, disables and removes them', async () => {
    let r = await cli('add', '--github-url', emulator.githubUrl, '-g', 'ghu_alice', '--json');
    expect(r.exitCode).toBe(0);
    const alice = JSON.parse(r.stdout);
    expect(alice).toMatchObject({ login: 'alice', label: 'alice', kind: 'oauth', added: true });
    expect(alice.id).toMatch(/^acc_/);
    r = await cli(
      'add',
      '--github-url',
      emulator.githubUrl,
      '-g',
      'github_pat_carol',
      '--label',
      'ci',
      '--priority',
      '5',
    );
    expect(r.stdout).toMatch(/^Added account acc_\w+ \(ci\): carol, pat token\.$/);
    r = await cli('add', '--github-url', emulator.githubUrl, '-g', 'ghu_alice');
    expect(r.stdout).toMatch(/already account/);

    r = await cli('list', '--json');
    const rows = JSON.parse(r.stdout);
    expect(
      rows.map((x: { label: string; state: string; priority: number }) => [x.label, x.state, x.priority]),
    ).toEqual([
      ['alice', 'active', 0],
      ['ci', 'active', 5],
    ]);
    expect(r.stdout).not.toMatch(/ghu_alice|github_pat/);

    expect((await cli('set', 'ci', '--priority', '-1')).exitCode).toBe(0);
    expect((await cli('disable', 'alice')).stdout).toMatch(/Disabled account/);
    // A cooldown a gateway recorded shows up in the list.
    const store = openSqliteStateStore(dir);
    const ci = await store.accounts.find('ci');
    await store.accounts.coolDown(ci!.id, Date.parse('2099-01-01T00:00:00Z'), 'user_weekly_rate_limited');
    await store.close();
    r = await cli('list');
    expect(r.stdout).toMatch(
      /ci .* -1 .*cooling down until 2099-01-01T00:00:00.000Z \(user_weekly_rate_limited\)/,
    );
    expect(r.stdout).toMatch(/alice .*disabled/);
    // usage shows every account: plan and quotas from GitHub, limits from the store.
    const usage = await runCli(['usage', '--github-url', emulator.githubUrl, '--data-dir', dir]);
    expect(usage.stdout).toMatch(/== ci \(carol, cooling until 2099-01-01T00:00:00.000Z\) ==/);
    expect(usage.stdout).toMatch(/== alice \(alice, disabled\) ==/);
    expect(usage.stdout).toMatch(/Account:\s+carol/);
    expect(usage.stdout).toMatch(/Session limit:\s+unknown/);

    expect((await cli('enable', 'ci')).exitCode).toBe(0);
    expect(JSON.parse((await cli('list', '--json')).stdout)[0].state).toBe('active');

    // debug says the tokens exist, never what they are.
    const debug = await runCli(['debug', '--json', '--data-dir', dir]);
    expect(JSON.parse(debug.stdout).accounts).toEqual([
      { label: 'ci', kind: 'pat', enabled: true, hasToken: true },
      { label: 'alice', kind: 'oauth', enabled: false, hasToken: true },
    ]);
    expect(debug.stdout).not.toMatch(/ghu_alice|github_pat_carol/);

    expect((await cli('remove', alice.id)).stdout).toMatch(/Removed account/);
    r = await cli('remove', 'nobody');
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/No account "nobody"/);
    r = await cli('set', 'ci', '--priority', 'high');
    expect(r.stderr).toMatch(/--priority must be an integer/);
  });

  it('signs in with the device flow when no token is given', async () => {
    const other = mkdtempSync(join(tmpdir(), 'cgw-accounts-device-'));
    const r = await runCli([
      'accounts',
      'add',
      '--github-url',
      emulator.githubUrl,
      '--label',
      'device',
      '--data-dir',
      other,
    ]);
    rmSync(other, { recursive: true, force: true });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('ABCD-1234');
    expect(r.stdout).toMatch(/\(device\): alice, oauth token/);
  });

  it('reads the token from --github-token-file (never on the command line), or stdin with -', async () => {
    const other = mkdtempSync(join(tmpdir(), 'cgw-accounts-file-'));
    const file = join(other, 'token');
    writeFileSync(file, 'github_pat_carol\n', { mode: 0o600 });
    const r = await runCli([
      'accounts',
      'add',
      '--github-url',
      emulator.githubUrl,
      '--github-token-file',
      file,
      '--json',
      '--data-dir',
      other,
    ]);
    rmSync(other, { recursive: true, force: true });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ login: 'carol', kind: 'pat', added: true });
    expect(r.stdout + r.stderr).not.toContain('github_pat_carol');
    // `-` reads stdin: the first word of it.
    expect(await readTokenInput('-', Readable.from(['  ghu_alice \n']))).toBe('ghu_alice');
  });
});
