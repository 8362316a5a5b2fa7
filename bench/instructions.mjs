#!/usr/bin/env node
// Instructions, not seconds: the A/B of bench/ab.mjs counted by callgrind, which counts the
// instructions a process executes whatever else the machine is doing (a shared, loaded VM makes
// CPU-seconds noisy). Both gateways run under `valgrind --tool=callgrind` (instrumentation
// switched on once they are up, node with the flags of ./callgrind.mjs so no thread, seed or
// wall-clock GC changes the count), against one in-process emulator; per scenario each takes the same warm-up, then the
// counters are read (callgrind_control -e) before and after the same N requests, sent one at a
// time (concurrency 1: the same batching of reads and writes each run), in alternating rounds;
// the median round per build is reported, with the spread of its rounds (timers and keep-alive
// still tie a little work to wall time).
// Usage: node bench/instructions.mjs <dirA> <dirB> [<dirC>…] [--requests N] [--rounds R] [--warmup W]
//        [--scenarios chat,chat-stream,translated,400k]
//        [--args-A "--flag value"] [--args-B "..."]   (each dir holds a built dist/)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator } from '../dist/emulator/index.js';
import { DETERMINISTIC_NODE } from './callgrind.mjs';
import { fmt, freePort, load, newDispatcher } from './lib.mjs';
import { pick } from './scenarios.mjs';

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1] : fallback;
};
const N = Number(flag('--requests', 150));
const ROUNDS = Number(flag('--rounds', 3));
/** Requests per build before the counted rounds (default a third of --requests). */
const WARMUP = flag('--warmup', undefined);
const chosen = pick(flag('--scenarios', ''));
const extra = { A: flag('--args-A', ''), B: flag('--args-B', '') };

// Two builds (A, B) or more (C, D…: each also reported against A), all in the same run.
const dirs = argv.map((d) => resolve(d));
const [dirA, dirB] = dirs;
const LABELS = dirs.map((_, i) => String.fromCharCode(65 + i));
if (!dirA || !dirB) throw new Error('usage: node bench/instructions.mjs <dirA> <dirB> [--requests N]');

async function startGateway(dir, emulator, args) {
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
      ...args.split(' ').filter(Boolean),
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
function instructions(pid) {
  const out = execFileSync('callgrind_control', ['-e', 'Ir', String(pid)], { encoding: 'utf8' });
  // One line per thread ("Th 1   40,608,045"): the process's count is their sum.
  const threads = [...out.matchAll(/^\s*Th\s+\d+\s+([\d,]+)\s*$/gm)];
  if (threads.length === 0) throw new Error(`no instruction count in: ${out}`);
  return threads.reduce((sum, m) => sum + Number(m[1].replaceAll(',', '')), 0);
}

const emulator = await startEmulator();
const gws = {};
for (const [i, k] of LABELS.entries()) gws[k] = await startGateway(dirs[i], emulator, extra[k] ?? '');
const dispatcher = newDispatcher();
const results = [];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (const s of chosen) {
    const n = s.id === '400k' ? Math.max(10, Math.round(N / 5)) : N;
    const runs = Object.fromEntries(LABELS.map((k) => [k, []]));
    const send = (k, total) =>
      load({ url: gws[k].url + s.path, headers: s.headers, body: s.body, total, concurrency: 1, dispatcher });
    // Warm-up: JIT tiers, caches, the catalogue.
    const warm = WARMUP === undefined ? Math.max(5, Math.round(n / 3)) : Number(WARMUP);
    for (const k of LABELS) await send(k, s.id === '400k' ? Math.max(5, Math.round(warm / 5)) : warm);
    for (let r = 0; r < ROUNDS; r++) {
      // Rounds alternate the order (A B C, C B A, …) so no build always goes first.
      for (const k of r % 2 ? [...LABELS].reverse() : LABELS) {
        const before = instructions(gws[k].pid);
        await send(k, n);
        runs[k].push((instructions(gws[k].pid) - before) / n);
      }
    }
    const m = Object.fromEntries(LABELS.map((k) => [k, median(runs[k])]));
    const spread = (xs) => `${fmt(Math.min(...xs) / median(xs), 2)}–${fmt(Math.max(...xs) / median(xs), 2)}`;
    results.push({
      scenario: s.id,
      requests: n,
      rounds: ROUNDS,
      A: m.A,
      B: m.B,
      ratio: m.B / m.A,
      medians: m,
      runs,
    });
    const others = LABELS.slice(1)
      .map((k) => `${k} ${Math.round(m[k]).toLocaleString('en')} (${k}/A ${fmt(m[k] / m.A, 3)})`)
      .join(' ');
    console.log(
      `${s.name.padEnd(44)} instructions/request A ${Math.round(m.A).toLocaleString('en')} ${others}; ` +
        `n=${n} × ${ROUNDS} rounds, rounds within ${LABELS.map((k) => spread(runs[k])).join(' / ')} of the median`,
    );
  }
} finally {
  for (const g of Object.values(gws)) g.stop();
  await dispatcher.close();
  await emulator.close();
}
