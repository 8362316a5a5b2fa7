import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { memoryIO } from './io.js';
import { runStart, type StartHandle } from './start.js';
import { REPO_ROOT } from './test-helpers.js';

let emulator: Emulator | undefined;
let handle: StartHandle | undefined;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cgw-start-'));
});
afterEach(async () => {
  await handle?.close();
  handle = undefined;
  await emulator?.close();
  emulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('start', () => {
  it('signs in with the given token, starts the gateway and prints the banner', async () => {
    emulator = await startEmulator({ githubTokens: ['ghu_start_token'], login: 'mona' });
    const io = memoryIO();
    handle = await runStart(
      { port: 0, githubUrl: emulator.githubUrl, githubToken: 'ghu_start_token', dataDir: dir },
      {},
      io,
    );
    expect(io.stderr.join('\n')).toContain('Signed in to GitHub as mona.');
    const banner = io.stdout.join('\n');
    expect(banner).toContain(`listening on ${handle.url}`);
    expect(banner).toMatch(/Signed in to GitHub as mona; \d+ models available/);
    expect(banner).not.toContain('ghu_start_token');
    const res = await fetch(`${handle.url}/v1/models`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { id: string }[] };
    expect(body.data.length).toBeGreaterThan(0);
    // The gateway reached Copilot with the exchanged token, at the token's endpoints.api host.
    expect(emulator.stats.tokenExchanges).toBeGreaterThanOrEqual(1);
    expect(emulator.requests.some((r) => r.server === 'copilot' && r.path === '/models')).toBe(true);
  });

  it('runs the device flow when no token is known, and stores the token', async () => {
    emulator = await startEmulator({
      githubTokens: ['ghu_from_device_flow'],
      deviceFlow: { pendingPolls: 0, interval: 1 },
    });
    const io = memoryIO();
    handle = await runStart({ port: 0, githubUrl: emulator.githubUrl, dataDir: dir }, {}, io);
    expect(io.stderr.join('\n')).toContain('ABCD-1234');
    expect(readFileSync(join(dir, 'github_token'), 'utf8').trim()).toBe('ghu_from_device_flow');
    expect(statSync(join(dir, 'github_token')).mode & 0o777).toBe(0o600);
  });

  it('stops before listening when Copilot access is refused, with GitHub’s explanation', async () => {
    emulator = await startEmulator({ githubTokens: ['ghu_no_copilot'] });
    emulator.injectFault({
      match: { path: '/copilot_internal/v2/token' },
      times: 10,
      fault: {
        kind: 'status',
        status: 403,
        body: {
          message: 'Resource not accessible',
          error_details: {
            message: 'Copilot is not enabled for this account.',
            url: 'https://github.com/settings/copilot',
          },
        },
      },
    });
    const err = await runStart(
      { port: 0, githubUrl: emulator.githubUrl, githubToken: 'ghu_no_copilot', dataDir: dir },
      {},
      memoryIO(),
    ).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'Copilot is not enabled for this account. See https://github.com/settings/copilot',
    );
  });

  it('shuts down cleanly on SIGTERM (spawned)', async () => {
    emulator = await startEmulator({ githubTokens: ['ghu_signal_token'] });
    const child = spawn(
      `${REPO_ROOT}node_modules/.bin/tsx`,
      ['src/main.ts', 'start', '--port', '0', '--github-url', emulator.githubUrl, '--data-dir', dir],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, GH_TOKEN: 'ghu_signal_token' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('Press Ctrl+C to stop.')) resolve();
      });
      child.on('close', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const url = /listening on (\S+)/.exec(stdout)![1];
    expect((await fetch(`${url}/v1/models`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('Received SIGTERM: shutting down');
  });
});
