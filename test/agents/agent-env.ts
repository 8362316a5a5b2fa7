// Helpers to run the real agent CLIs offline against a local stack: a fresh HOME and working
// directory per run, a clean environment, and only loopback traffic.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = (name: string) => resolve('node_modules/.bin', name);

export interface AgentRun {
  code: number | null;
  stdout: string;
  stderr: string;
  home: string;
  cwd: string;
}

export function freshDirs(prefix: string): { home: string; cwd: string } {
  const root = mkdtempSync(join(tmpdir(), `cgw-${prefix}-`));
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  return { home, cwd };
}

/** Runs a CLI with a minimal environment (no inherited tokens or proxies) and a time limit. */
export function runAgent(
  cmd: string,
  args: string[],
  options: { env: Record<string, string>; home: string; cwd: string; timeoutMs?: number; input?: string },
): Promise<AgentRun> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.home,
      USER: process.env.USER ?? 'root',
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      NO_COLOR: '1',
      CI: 'true',
      ...options.env,
    };
    const child = spawn(cmd, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, home: options.home, cwd: options.cwd });
    });
  });
}
