// Helpers for the CLI tests: run the program in-process, or spawn the real entry point.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Env } from '../config/paths.js';
import { memoryIO } from './io.js';
import { buildProgram } from './program.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function runCli(args: string[], env: Env = {}) {
  const io = memoryIO();
  let exitCode: number | undefined;
  const program = buildProgram({ io, env, exit: (c) => (exitCode = c), handleSignals: false });
  program.exitOverride();
  await program.parseAsync(['node', 'copilot-gateway', ...args]);
  return { exitCode, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
}

/** Spawns `tsx src/main.ts <args>` with a clean environment (no real GH_TOKEN or home leaks in). */
export function spawnCli(
  args: string[],
  env: Env = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${REPO_ROOT}node_modules/.bin/tsx`, ['src/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
