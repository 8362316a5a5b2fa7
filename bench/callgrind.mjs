// A gateway under callgrind, and its instruction count (bench/instructions.mjs,
// bench/cluster-cpu.mjs --callgrind).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './lib.mjs';

// Node flags that make a process's instruction count repeatable under callgrind: no compiler or
// GC threads racing it, fixed hash and random seeds (V8 randomises string hashing per process,
// which changes hash-table work), no wall-clock-driven GCs (the memory reducer).
export const DETERMINISTIC_NODE = [
  '--predictable',
  '--single-threaded',
  '--hash-seed=42',
  '--random-seed=42',
  '--no-memory-reducer',
];

/**
 * `<dir>/dist/main.js start` under `valgrind --tool=callgrind` against the emulator, with
 * instrumentation switched on once it answers /healthz (start-up is not counted). `args`: more
 * start arguments (a later --data-dir wins over the fresh one given here).
 */
export async function startCallgrindGateway(dir, emulator, args = []) {
  const port = await freePort();
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${join(mkdtempSync(join(tmpdir(), 'cgw-cg-')), 'callgrind.out')}`,
      process.execPath,
      ...DETERMINISTIC_NODE,
      join(dir, 'dist/main.js'),
      'start',
      '--port',
      String(port),
      '--github-url',
      emulator.githubUrl,
      '--github-token',
      'ghu_emulator_token',
      '--data-dir',
      mkdtempSync(join(tmpdir(), 'cgw-ab-')),
      ...args,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  child.stderr.resume();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (i > 1200 || child.exitCode !== null) throw new Error(`gateway in ${dir} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], { stdio: 'ignore' });
  return { url, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

/** Instructions the process has executed since instrumentation was switched on. */
export function instructions(pid) {
  const out = execFileSync('callgrind_control', ['-e', 'Ir', String(pid)], { encoding: 'utf8' });
  // One line per thread ("Th 1   40,608,045"): the process's count is their sum.
  const threads = [...out.matchAll(/^\s*Th\s+\d+\s+([\d,]+)\s*$/gm)];
  if (threads.length === 0) throw new Error(`no instruction count in: ${out}`);
  return threads.reduce((sum, m) => sum + Number(m[1].replaceAll(',', '')), 0);
}
