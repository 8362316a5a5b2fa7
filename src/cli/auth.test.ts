import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { spawnCli } from './test-helpers.js';

let emulator: Emulator | undefined;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cgw-auth-'));
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('copilot-gateway auth (spawned)', () => {
  it('runs the device flow, shows the code and stores the token 0600', async () => {
    emulator = await startEmulator({
      githubTokens: ['ghu_stored_by_auth'],
      login: 'hubot',
      deviceFlow: { pendingPolls: 1, interval: 1 },
    });
    const dataDir = join(dir, 'home');
    const r = await spawnCli(['auth', '--github-url', emulator.githubUrl, '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('ABCD-1234');
    expect(r.stderr).toContain('https://github.com/login/device');
    expect(r.stderr).toMatch(/Waiting for you to authorize/);
    expect(r.stdout).toContain('Signed in to GitHub as hubot.');
    const file = join(dataDir, 'github_token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8').trim()).toBe('ghu_stored_by_auth');
    // The token is never printed without --show-token.
    expect(r.stdout + r.stderr).not.toContain('ghu_stored_by_auth');
    expect(emulator.requests.filter((q) => q.path === '/login/oauth/access_token')).toHaveLength(2);
  });

  it('fails with one clear line and a non-zero exit when the login is denied', async () => {
    emulator = await startEmulator({
      deviceFlow: { pendingPolls: 0, interval: 1, outcome: 'access_denied' },
    });
    const r = await spawnCli(['auth', '--github-url', emulator.githubUrl, '--data-dir', dir]);
    expect(r.code).toBe(1);
    const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('copilot-gateway: error:'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain('access denied');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack without --verbose
    expect(() => statSync(join(dir, 'github_token'))).toThrow();
  });
});
