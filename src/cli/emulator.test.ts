import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { copilotHeaders } from '../emulator/test-support.js';
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
    // The default catalogue is today's: the retired GPT-4.1 is not served.
    expect(stdout).toContain('Model catalogue:  2026');
    const exchange = await fetch(`${githubUrl}/api/v3/copilot_internal/v2/token`, {
      headers: { authorization: `token ${token}` },
    });
    const { token: copilotToken } = (await exchange.json()) as { token: string };
    const models = await fetch(`${copilotUrl}/models`, { headers: copilotHeaders(copilotToken) });
    const ids = ((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id);
    expect(ids).not.toContain('gpt-4.1');
    expect(ids.length).toBeGreaterThan(3);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('rejects an unknown catalogue with the choices', async () => {
    const r = await runCli(['emulator', '--port', '0', '--catalogue', '2024']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Invalid catalogue "2024" (--catalogue): expected 2026 or 2025');
  });

  it('rejects a port without room for port + 1', async () => {
    const r = await runCli(['emulator', '--port', '65535']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Invalid port "65535"');
  });
});
