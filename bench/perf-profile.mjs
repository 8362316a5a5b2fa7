#!/usr/bin/env node
// Where a gateway's CPU goes, native code included: the gateway process (node --perf-basic-prof)
// takes one bench/scenarios.mjs scenario while `perf record -e cpu-clock -g` samples it (a
// software clock: works on VMs without hardware counters), then `perf script` is read back and
// each sample is given (1) a category (our JS, V8 runtime and inline-cache misses, GC, builtins,
// kernel, ...), (2) the nearest JavaScript frame (what code paid for it, natives included), and
// (3) whether it was hidden-class churn: new Maps, migrations, IC misses (src/util/extend.ts).
// Figures are µs of samples per request. With two builds, the second's per-frame difference is
// printed. Needs `perf` (Debian: linux-perf) and permission to profile (perf_event_paranoid <= 1
// or root).
// Usage: npm run build && node bench/perf-profile.mjs <dir> [<dir2>] [--scenario chat]
//   [--requests 20000] [--warmup 5000] [--no-inlining] [--top 30]
//   [--start "--database-url … --redis-url …"] (more start flags)
//   [--start2 "…"] (the start flags of a second run, of the same build unless <dir2> is given)
//   [--key "--rpm 100000000 --concurrent 1000"] (a key made with these flags, in the same store, sent
//   with every request; the store flags of --start apply to it too)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator } from '../dist/emulator/index.js';
import { load, newDispatcher, startGatewayProcess } from './lib.mjs';
import { pick } from './scenarios.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, v] = args.splice(i, 2);
  return v;
};
const noInlining = args.includes('--no-inlining');
if (noInlining) args.splice(args.indexOf('--no-inlining'), 1);
const scenario = pick(flag('--scenario', 'chat'))[0];
const N = Number(flag('--requests', 20000));
const WARMUP = Number(flag('--warmup', 5000));
const TOP = Number(flag('--top', 30));
const startArgs = flag('--start', '').split(' ').filter(Boolean);
/** Start flags of a second run (of the same build unless a second dir is given): two configurations. */
const start2 = flag('--start2', undefined)?.split(' ').filter(Boolean);
const keyArgs = flag('--key', undefined)?.split(' ').filter(Boolean);
const dirs = args.map((d) => resolve(d));
if (dirs.length === 0 || dirs.length > 2)
  throw new Error('usage: node bench/perf-profile.mjs <dir> [<dir2>] …');
if (start2 && dirs.length === 1) dirs.push(dirs[0]);
const runs = dirs.map((dir, i) => ({ dir, start: i === 1 && start2 ? start2 : startArgs }));
const HZ = 1999;
const NODE_FLAGS = `${process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=2'} --perf-basic-prof${noInlining ? ' --no-turbo-inlining' : ''}`;

const CHURN =
  /Map::CopyWithField|CopyAddDescriptor|MigrateToMap|TransitionToDataProperty|Map::Copy|MigrateDeprecated|MakePrototypesFast|StubCache::Set|Runtime_.*IC_Miss|Runtime_.*_Slow|LookupIterator/;
const CATEGORIES = [
  [
    'gc',
    /Scaveng|Mark|Sweep|Heap::|GCTracer|Evacuat|Compactor|RememberedSet|SlotSet|MemoryAllocator|RecordWrite|PagedSpace|FreeList|SizeFromMap/,
  ],
  ['our JS, optimised', /^JS:\*/],
  ['JS, baseline/interpreted', /^JS:[~^]|^JS:/],
  [
    'IC misses and runtime',
    /IC_|IC$|ICTrampoline|LookupIterator|StubCache|MigrateToMap|TransitionArray|Map::|DescriptorArray|Runtime_/,
  ],
  ['compiler', /Compil|Turbofan|compiler::|Maglev|Parser|Scanner/],
  ['builtins', /^Builtins_/],
  ['sqlite', /sqlite/],
  ['malloc/memcpy', /malloc|free|memmove|memcpy|memset|_int_/],
  ['node/libuv', /llhttp|node::|uv_|uv__/],
];

async function profile(dir, startArgs) {
  const emulator = await startEmulator();
  process.env.BENCH_NODE_FLAGS = NODE_FLAGS;
  // One data dir for the key and the gateway (a later --data-dir wins over startGatewayProcess's).
  const dataDir = mkdtempSync(join(tmpdir(), 'cgw-perf-data-'));
  const db = startArgs.indexOf('--database-url');
  const store = ['--data-dir', dataDir, ...(db >= 0 ? startArgs.slice(db, db + 2) : [])];
  let headers = scenario.headers;
  if (keyArgs) {
    const made = execFileSync(
      process.execPath,
      [
        join(dir, 'dist/main.js'),
        'keys',
        'create',
        '--name',
        `perf-${process.pid}-${Date.now()}`,
        ...keyArgs,
        ...store,
      ],
      { encoding: 'utf8' },
    );
    const secret = made.match(/cgw_[A-Za-z0-9_-]+/)?.[0];
    if (!secret) throw new Error(`no key in: ${made}`);
    headers = { ...scenario.headers, authorization: `Bearer ${secret}` };
  }
  const gw = await startGatewayProcess(
    emulator,
    ['--data-dir', dataDir, ...startArgs],
    join(dir, 'dist/main.js'),
  );
  const dispatcher = newDispatcher();
  const run = (total) =>
    load({
      url: gw.url + scenario.path,
      headers,
      body: scenario.body,
      total,
      concurrency: scenario.c,
      dispatcher,
    });
  try {
    await run(WARMUP);
    const out = join(mkdtempSync(join(tmpdir(), 'cgw-perf-')), 'perf.data');
    const perf = spawn(
      'perf',
      ['record', '-e', 'cpu-clock', '-F', String(HZ), '-g', '-o', out, '-p', String(gw.pid)],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    await new Promise((r) => setTimeout(r, 500));
    await run(N);
    perf.kill('SIGINT');
    await new Promise((r) => perf.on('exit', r));
    return execFileSync('perf', ['script', '-i', out], {
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
  } finally {
    gw.stop();
    await dispatcher.close();
    await emulator.close();
  }
}

const clean = (name) =>
  name.replace(/file:\/\/\/?[^ ]*?\/dist\//, 'dist/').replace(/\/[^ ]*\/node_modules\//, 'node_modules/');

function analyse(script) {
  const categories = new Map();
  const nearest = new Map();
  let churn = 0;
  let samples = 0;
  for (const block of script.split('\n\n')) {
    const lines = block.trim().split('\n');
    if (lines.length < 2) continue;
    const names = [];
    for (const line of lines.slice(1)) {
      const m = /^\s*\S+ (.*?)(?:\+0x[0-9a-f]+)? \((.*)\)$/.exec(line);
      if (m) names.push({ name: m[1], kernel: m[2].includes('kernel') });
    }
    if (names.length === 0) continue;
    samples++;
    const leaf = names[0];
    const category = leaf.kernel
      ? 'kernel'
      : (CATEGORIES.find(([, re]) => re.test(leaf.name))?.[0] ?? 'other native');
    categories.set(category, (categories.get(category) ?? 0) + 1);
    const js = names.find((f) => f.name.startsWith('JS:'));
    const key = js
      ? clean(js.name.replace(/^JS:[*~^]?/, '').replace(/:\d+:\d+$/, ''))
      : '(no JS frame: GC threads, I/O)';
    nearest.set(key, (nearest.get(key) ?? 0) + 1);
    if (names.slice(0, 6).some((f) => CHURN.test(f.name))) churn++;
  }
  const us = (n) => (n / HZ / N) * 1e6;
  return { samples, us, categories, nearest, churn };
}

const results = [];
for (const { dir, start } of runs) {
  const r = analyse(await profile(dir, start));
  results.push(r);
  console.log(
    `\n${dir}${start.length ? ` (${start.join(' ')})` : ''} — ${scenario.name}: ${r.us(r.samples).toFixed(1)} µs of samples a request`,
  );
  for (const [c, n] of [...r.categories].sort((a, b) => b[1] - a[1]))
    console.log(`  ${c.padEnd(26)} ${r.us(n).toFixed(1).padStart(6)}`);
  console.log(`  hidden-class churn (new Maps, migrations, IC misses) ${r.us(r.churn).toFixed(1)} µs`);
  console.log('  by nearest JavaScript frame:');
  for (const [k, n] of [...r.nearest].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`    ${r.us(n).toFixed(1).padStart(6)}  ${k.slice(0, 100)}`);
}
if (results.length === 2) {
  const [a, b] = results;
  console.log(`\nsecond − first, by nearest JavaScript frame (µs a request):`);
  const keys = new Set([...a.nearest.keys(), ...b.nearest.keys()]);
  const diff = [...keys].map((k) => [k, a.us(b.nearest.get(k) ?? 0) - a.us(a.nearest.get(k) ?? 0)]);
  for (const [k, d] of diff.sort((x, y) => Math.abs(y[1]) - Math.abs(x[1])).slice(0, TOP))
    console.log(`  ${(d >= 0 ? '+' : '') + d.toFixed(1)}`.padEnd(10) + k.slice(0, 100));
}
