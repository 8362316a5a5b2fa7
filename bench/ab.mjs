#!/usr/bin/env node
// A/B of two builds of the gateway in the same run: both gateway processes run side by side
// against one emulator and take the same requests in alternating rounds, so machine noise (a
// shared, loaded VM) falls on both alike (each dir holds a built dist/). Prints the median CPU-s
// per 1,000 requests (every thread, from the scheduler's nanosecond counters) and the median p50 latency per scenario, and B/A ratios.
// bench/instructions.mjs counts instructions of the same scenarios (bench/scenarios.mjs). Usage: node bench/ab.mjs <dirA> <dirB> [rounds] [scenario ids, comma-separated] [--warmup N]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator } from '../dist/emulator/index.js';
import { cpuSecondsFine, fmt, freePort, load, newDispatcher, percentile } from './lib.mjs';
import { pick } from './scenarios.mjs';

const args = process.argv.slice(2);
// --warmup N: requests each gateway takes before the measured rounds (its JIT settles), default 1,000.
const wi = args.indexOf('--warmup');
const WARMUP = wi >= 0 ? Number(args.splice(wi, 2)[1]) : 1000;
const [dirA, dirB] = args.slice(0, 2).map((d) => resolve(d));
const ROUNDS = Number(args[2] ?? 7);
if (!dirA || !dirB) throw new Error('usage: node bench/ab.mjs <dirA> <dirB> [rounds]');

async function startGateway(dir, emulator) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
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
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  child.stderr.resume();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

const emulator = await startEmulator();
const gws = { A: await startGateway(dirA, emulator), B: await startGateway(dirB, emulator) };
const dispatcher = newDispatcher();
const scenarios = pick(args[3] ?? '');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (const s of scenarios) {
    const runs = { A: [], B: [] };
    for (const k of ['A', 'B'])
      await load({
        url: gws[k].url + s.path,
        headers: s.headers,
        body: s.body,
        total: Math.max(10, Math.round((WARMUP * s.total) / 1000)),
        concurrency: s.c,
        dispatcher,
      });
    for (let r = 0; r < ROUNDS; r++) {
      for (const k of r % 2 ? ['B', 'A'] : ['A', 'B']) {
        const cpu0 = cpuSecondsFine(gws[k].pid);
        const res = await load({
          url: gws[k].url + s.path,
          headers: s.headers,
          body: s.body,
          total: s.total,
          concurrency: s.c,
          dispatcher,
        });
        runs[k].push({
          cpu: ((cpuSecondsFine(gws[k].pid) - cpu0) * 1000) / s.total,
          p50: percentile(res.latencies, 50),
        });
      }
    }
    const m = (k, f) => median(runs[k].map((x) => x[f]));
    // Each round's B against the same round's A (they met the same machine), then the median.
    const paired = median(runs.B.map((b, i) => b.cpu / runs.A[i].cpu));
    console.log(
      `${s.name.padEnd(44)} CPU/1000 A ${fmt(m('A', 'cpu'))} B ${fmt(m('B', 'cpu'))} (B/A ${fmt(m('B', 'cpu') / m('A', 'cpu'), 2)}, paired ${fmt(paired, 2)})` +
        `  p50 A ${fmt(m('A', 'p50'))} B ${fmt(m('B', 'p50'))} ms (B-A ${fmt(m('B', 'p50') - m('A', 'p50'))})`,
    );
  }
} finally {
  gws.A.stop();
  gws.B.stop();
  await dispatcher.close();
  await emulator.close();
}
