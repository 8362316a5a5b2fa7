import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './test-helpers.js';

describe('copilot-gateway emulator', () => {
  it('prints both URLs and a GitHub token that works, and stops on SIGINT', async () => {
    const child = spawn(`${REPO_ROOT}node_modules/.bin/tsx`, ['src/main.ts', 'emulator', '--port', '0'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('Press Ctrl+C')) resolve();
      });
      child.on('close', () => reject(new Error('emulator exited early')));
    });
    const githubUrl = /GitHub emulator:\s+(\S+)/.exec(stdout)![1];
    const copilotUrl = /Copilot emulator:\s+(\S+)/.exec(stdout)![1];
    const token = /Valid GitHub token:\s+(\S+)/.exec(stdout)![1];
    expect(copilotUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const user = await fetch(`${githubUrl}/api/v3/user`, { headers: { authorization: `token ${token}` } });
    expect(user.status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('rejects a port without room for port + 1', async () => {
    const r = await runCli(['emulator', '--port', '65535']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Invalid port "65535"');
  });
});
