#!/usr/bin/env node
// Issue 17's target as written: the gateway's CPU per 1,000 passthrough requests in the cluster
// configuration (PostgreSQL state store + Redis limits) against the single-instance one (SQLite in
// the data dir + per-instance limits), same run. Two gateway processes on one emulator:
//   A = --data-dir only (SQLite, local limits)
//   B = --database-url (a fresh database on COPILOT_GATEWAY_TEST_DATABASE_URL's server)
//       + --redis-url (COPILOT_GATEWAY_TEST_REDIS_URL)
// each with three keys: no limits, an rpm limit, rpm + concurrency (limits far above what the
// bench sends, so every request is judged and admitted). Interleaved rounds (the order of A and B
// alternates per round, and per key configuration); CPU of each gateway process from /proc;
// the median of the paired rounds' B/A ratios, with their spread. Every request also lands in
// the usage log (batched) on either backend.
// --callgrind: instructions per request instead (both gateways under callgrind, concurrency 1,
// see ./callgrind.mjs), which a loaded machine does not blur.
// Usage: npm run build && COPILOT_GATEWAY_TEST_DATABASE_URL=postgres://… \
//   COPILOT_GATEWAY_TEST_REDIS_URL=redis://… node bench/cluster-cpu.mjs
//   [--quick] [--requests N] [--rounds R] [--concurrency C] [--configs none,rpm,rpm-conc] [--callgrind]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startEmulator } from '../dist/emulator/index.js';
import { instructions, startCallgrindGateway } from './callgrind.mjs';
import { cpuSeconds, fmt, load, newDispatcher, percentile, startGatewayProcess } from './lib.mjs';

const dbBase = process.env.COPILOT_GATEWAY_TEST_DATABASE_URL;
const redisUrl = process.env.COPILOT_GATEWAY_TEST_REDIS_URL;
if (!dbBase || !redisUrl) {
  console.error(
    'set COPILOT_GATEWAY_TEST_DATABASE_URL and COPILOT_GATEWAY_TEST_REDIS_URL (scripts/test-postgres.sh and scripts/test-redis.sh start print them)',
  );
  process.exit(2);
}
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const quick = argv.includes('--quick');
const callgrind = argv.includes('--callgrind');
const N = Number(flag('--requests', callgrind ? 300 : quick ? 1000 : 2000));
const ROUNDS = Number(flag('--rounds', callgrind ? 3 : quick ? 3 : 7));
const C = callgrind ? 1 : Number(flag('--concurrency', 4));
const CONFIGS = {
  none: { name: 'no limits', args: [] },
  rpm: { name: 'rpm limit', args: ['--rpm', '100000000'] },
  'rpm-conc': { name: 'rpm + concurrency', args: ['--rpm', '100000000', '--concurrent', '1000'] },
};
const chosen = flag('--configs', 'none,rpm,rpm-conc').split(',');
for (const c of chosen) if (!CONFIGS[c]) throw new Error(`unknown configuration ${c}`);

const dbName = `cgw_cluster_${process.pid}_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: dbBase });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = new URL(dbBase);
dbUrl.pathname = `/${dbName}`;

/** A key per configuration, in A's data dir (SQLite) or B's database. */
function createKeys(storeArgs) {
  const secrets = {};
  for (const c of chosen) {
    const out = execFileSync(
      process.execPath,
      ['dist/main.js', 'keys', 'create', '--name', `bench-${c}`, ...CONFIGS[c].args, ...storeArgs],
      { encoding: 'utf8' },
    );
    const secret = out.match(/cgw_[A-Za-z0-9_-]+/)?.[0];
    if (!secret) throw new Error(`no key in: ${out}`);
    secrets[c] = secret;
  }
  return secrets;
}

const dirA = mkdtempSync(join(tmpdir(), 'cgw-bench-cluster-a-'));
const dirB = mkdtempSync(join(tmpdir(), 'cgw-bench-cluster-b-'));
const argsA = ['--data-dir', dirA];
const argsB = ['--data-dir', dirB, '--database-url', dbUrl.toString(), '--redis-url', redisUrl];
const keys = {
  A: createKeys(argsA),
  B: createKeys(['--data-dir', dirB, '--database-url', dbUrl.toString()]),
};

const emulator = await startEmulator();
const gws = callgrind
  ? {
      A: await startCallgrindGateway(resolve('.'), emulator, argsA),
      B: await startCallgrindGateway(resolve('.'), emulator, argsB),
    }
  : { A: await startGatewayProcess(emulator, argsA), B: await startGatewayProcess(emulator, argsB) };
const dispatcher = newDispatcher();
const body = JSON.stringify({
  model: 'gpt-5-mini',
  messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
});
/** The Redis server's own CPU, when it is a local process whose pid file we can find. */
const redisPid = (() => {
  try {
    const dir = process.env.BENCH_REDIS_DIR;
    return dir ? Number(readFileSync(join(dir, 'redis.pid'), 'utf8')) : undefined;
  } catch {
    return undefined;
  }
})();
const counter = callgrind ? (pid) => instructions(pid) : (pid) => cpuSeconds(pid) * 1e6; // µs

async function round(k, c, total) {
  const gw = gws[k];
  const before = counter(gw.pid);
  const r0 = k === 'B' && redisPid ? cpuSeconds(redisPid) : 0;
  const res = await load({
    url: `${gw.url}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[k][c]}` },
    body,
    total,
    concurrency: C,
    dispatcher,
  });
  const cost = (counter(gw.pid) - before) / total; // µs or instructions per request
  const redisCpu = k === 'B' && redisPid ? ((cpuSeconds(redisPid) - r0) * 1e6) / total : undefined;
  return { cost, p50: percentile(res.latencies, 50), redisCpu };
}

const results = {};
try {
  for (const c of chosen) {
    results[c] = { A: [], B: [] };
    // Warm-up: JIT, connections, the catalogue, the key's plan.
    for (const k of ['A', 'B']) await round(k, c, Math.max(50, Math.round(N / 4)));
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, c] of chosen.entries()) {
      for (const k of (r + i) % 2 ? ['B', 'A'] : ['A', 'B']) results[c][k].push(await round(k, c, N));
    }
  }
  // The last usage batch reaches the database before counting.
  await new Promise((done) => setTimeout(done, 1500));
} finally {
  gws.A.stop();
  gws.B.stop();
  await dispatcher.close();
  await emulator.close();
}
const usageRows = await (async () => {
  const c = new pg.Client({ connectionString: dbUrl.toString() });
  await c.connect();
  const n = (await c.query('SELECT count(*)::int AS n FROM usage_log')).rows[0].n;
  await c.end();
  return n;
})();
await new Promise((done) => setTimeout(done, 500));
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.end();

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const unit = callgrind ? 'instructions / request' : 'ms CPU / 1000 requests';
const show = (x) => (callgrind ? Math.round(x).toLocaleString('en') : fmt(x, 0));
console.log(
  `passthrough chat, ${N} requests x ${ROUNDS} rounds per configuration, concurrency ${C}; ` +
    `A = SQLite + local limits, B = PostgreSQL + Redis; ${unit} of the gateway process`,
);
const summary = {};
for (const c of chosen) {
  const { A, B } = results[c];
  const ratios = B.map((b, i) => b.cost / A[i].cost);
  const a = median(A.map((x) => x.cost));
  const b = median(B.map((x) => x.cost));
  summary[c] = { A: a, B: b, ratio: median(ratios), ratios };
  console.log(`  ${CONFIGS[c].name}:`);
  console.log(`    A: ${show(a)}   rounds: ${A.map((x) => show(x.cost)).join(' ')}`);
  console.log(`    B: ${show(b)}   rounds: ${B.map((x) => show(x.cost)).join(' ')}`);
  console.log(
    `    B / A: ${fmt(median(ratios), 3)} (paired rounds: ${ratios.map((x) => fmt(x, 2)).join(' ')}; ` +
      `${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)})`,
  );
  if (!callgrind)
    console.log(
      `    p50 latency: A ${fmt(median(A.map((x) => x.p50)), 2)} ms, B ${fmt(median(B.map((x) => x.p50)), 2)} ms` +
        (B[0].redisCpu !== undefined
          ? `; redis-server CPU ${fmt(median(B.map((x) => x.redisCpu)), 1)} µs / request`
          : ''),
    );
}
console.log(`  usage rows in PostgreSQL: ${usageRows}`);
if (process.env.BENCH_JSON) console.log(JSON.stringify(summary));
process.exit(0);
