#!/usr/bin/env node
// Issue 17's target as written: the gateway's CPU per 1,000 passthrough requests in the cluster
// configuration (PostgreSQL state store + Redis limits) against the single-instance one (SQLite in
// the data dir + per-instance limits), same run. Gateway processes on one emulator:
//   A  = --data-dir only (SQLite, local limits)
//   B  = --database-url (a fresh database on COPILOT_GATEWAY_TEST_DATABASE_URL's server)
//        + --redis-url (COPILOT_GATEWAY_TEST_REDIS_URL)
//   B0 = with --before <dir>[,<dir>…]: B on the build in <dir>/dist (its own fresh database; B1…
//        for the next dirs), so a change's before and after are measured against the same A in
//        the same run
// each with three keys: no limits, an rpm limit, rpm + concurrency (limits far above what the
// bench sends, so every request is judged and admitted). Interleaved rounds (the order of the
// gateways rotates per round and per key configuration); CPU (user + system) of each gateway
// process from /proc; the median of the paired rounds' ratios to A, with their spread. Every
// request also lands in the usage log (batched) on either backend.
// Usage: npm run build && COPILOT_GATEWAY_TEST_DATABASE_URL=postgres://… \
//   COPILOT_GATEWAY_TEST_REDIS_URL=redis://… node bench/cluster-cpu.mjs
//   [--quick] [--requests N] [--rounds R] [--concurrency C] [--configs none,rpm,rpm-conc] [--before DIR]
// BENCH_REDIS_DIR=<dir of scripts/test-redis.sh> adds the redis-server's own CPU per request.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startEmulator } from '../dist/emulator/index.js';
import {
  cpuSeconds,
  cpuSecondsFine,
  cpuTimes,
  fmt,
  load,
  newDispatcher,
  percentile,
  startGatewayProcess,
} from './lib.mjs';

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
const N = Number(flag('--requests', quick ? 1000 : 2000));
const ROUNDS = Number(flag('--rounds', quick ? 3 : 7));
const C = Number(flag('--concurrency', 4));
const before = flag('--before', undefined);
const CONFIGS = {
  none: { name: 'no limits', args: [] },
  rpm: { name: 'rpm limit', args: ['--rpm', '100000000'] },
  'rpm-conc': { name: 'rpm + concurrency', args: ['--rpm', '100000000', '--concurrent', '1000'] },
};
const chosen = flag('--configs', 'none,rpm,rpm-conc').split(',');
for (const c of chosen) if (!CONFIGS[c]) throw new Error(`unknown configuration ${c}`);

const admin = new pg.Client({ connectionString: dbBase });
await admin.connect();
const databases = [];
async function freshDatabase() {
  const name = `cgw_cluster_${process.pid}_${databases.length}`;
  databases.push(name);
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(dbBase);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A key per configuration in the variant's store, made with the variant's own CLI. */
function createKeys(main, storeArgs) {
  const secrets = {};
  for (const c of chosen) {
    const out = execFileSync(
      process.execPath,
      [main, 'keys', 'create', '--name', `bench-${c}`, ...CONFIGS[c].args, ...storeArgs],
      { encoding: 'utf8' },
    );
    const secret = out.match(/cgw_[A-Za-z0-9_-]+/)?.[0];
    if (!secret) throw new Error(`no key in: ${out}`);
    secrets[c] = secret;
  }
  return secrets;
}

async function variant(label, main, cluster) {
  const dir = mkdtempSync(join(tmpdir(), `cgw-bench-cluster-${label}-`));
  const store = ['--data-dir', dir];
  let database;
  if (cluster) {
    database = await freshDatabase();
    store.push('--database-url', database);
  }
  return {
    label,
    main,
    database,
    keys: createKeys(main, store),
    args: cluster ? [...store, '--redis-url', redisUrl] : store,
  };
}

const variants = [
  await variant('A', 'dist/main.js', false),
  await variant('B', 'dist/main.js', true),
  ...(before
    ? await Promise.all(
        before.split(',').map((dir, i) => variant(`B${i}`, join(resolve(dir), 'dist/main.js'), true)),
      )
    : []),
];
const emulator = await startEmulator();
for (const v of variants) v.gw = await startGatewayProcess(emulator, v.args, v.main);
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
/** Scripts (EVALSHA: admit, charge) Redis ran so far; with a Redis of its own, the gateway's alone. */
const stats = new Redis(redisUrl);
const scripts = async () =>
  Number((await stats.info('commandstats')).match(/cmdstat_evalsha:calls=(\d+)/)?.[1] ?? 0);

async function round(v, c, total) {
  const cpu0 = cpuTimes(v.gw.pid);
  const fine0 = cpuSecondsFine(v.gw.pid);
  const r0 = redisPid ? cpuSeconds(redisPid) : 0;
  const s0 = await scripts();
  const res = await load({
    url: `${v.gw.url}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${v.keys[c]}` },
    body,
    total,
    concurrency: C,
    dispatcher,
  });
  const fine = ((cpuSecondsFine(v.gw.pid) - fine0) * 1e6) / total;
  const cpu1 = cpuTimes(v.gw.pid);
  const user = (cpu1.user - cpu0.user) * 1e6;
  const sys = (cpu1.system - cpu0.system) * 1e6;
  return {
    cpu: fine, // ms per 1000 requests
    // The kernel's share of it (from the 10 ms ticks, which split user and system).
    system: user + sys > 0 ? (fine * sys) / (user + sys) : 0,
    p50: percentile(res.latencies, 50),
    redisCpu: redisPid ? ((cpuSeconds(redisPid) - r0) * 1e6) / total : undefined,
    scripts: ((await scripts()) - s0) / total,
  };
}

const results = Object.fromEntries(
  chosen.map((c) => [c, Object.fromEntries(variants.map((v) => [v.label, []]))]),
);
try {
  // Warm-up: JIT, connections, the catalogue, the key's plan.
  for (const c of chosen) for (const v of variants) await round(v, c, Math.max(200, Math.round(N / 4)));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, c] of chosen.entries()) {
      const k = (r + i) % variants.length;
      for (const v of [...variants.slice(k), ...variants.slice(0, k)])
        results[c][v.label].push(await round(v, c, N));
    }
  }
  // The last usage batch reaches the database before counting.
  await new Promise((done) => setTimeout(done, 1500));
} finally {
  for (const v of variants) v.gw.stop();
  await dispatcher.close();
  await emulator.close();
  stats.disconnect();
}
for (const v of variants.filter((x) => x.database)) {
  const c = new pg.Client({ connectionString: v.database });
  await c.connect();
  v.usageRows = (await c.query('SELECT count(*)::int AS n FROM usage_log')).rows[0].n;
  await c.end();
}
await new Promise((done) => setTimeout(done, 500));
for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.end();

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(
  `passthrough chat, ${N} requests x ${ROUNDS} rounds per configuration, concurrency ${C}; ` +
    `A = SQLite + local limits, B = PostgreSQL + Redis${before ? `, B0… = B as built in ${before}` : ''}; ` +
    'ms CPU (user + system, every thread) of the gateway process per 1000 requests',
);
const summary = {};
for (const c of chosen) {
  const A = results[c].A;
  console.log(`  ${CONFIGS[c].name}:`);
  summary[c] = {};
  for (const v of variants) {
    const xs = results[c][v.label];
    const line = [
      `    ${v.label.padEnd(2)}: ${fmt(median(xs.map((x) => x.cpu)), 0)} (system ${fmt(median(xs.map((x) => x.system)), 0)})   rounds: ${xs.map((x) => fmt(x.cpu, 0)).join(' ')}`,
    ];
    const ratios = xs.map((x, i) => x.cpu / A[i].cpu);
    summary[c][v.label] = { cpu: median(xs.map((x) => x.cpu)), ratio: median(ratios), ratios };
    if (v.label !== 'A')
      line.push(
        `      ${v.label} / A: ${fmt(median(ratios), 3)} (paired rounds: ${ratios.map((x) => fmt(x, 2)).join(' ')})`,
        `      p50 ${fmt(median(xs.map((x) => x.p50)), 2)} ms (A ${fmt(median(A.map((x) => x.p50)), 2)}); ` +
          `Redis scripts / request ${fmt(median(xs.map((x) => x.scripts)), 3)}` +
          (redisPid ? `; redis-server CPU ${fmt(median(xs.map((x) => x.redisCpu)), 1)} µs / request` : ''),
      );
    console.log(line.join('\n'));
  }
}
for (const v of variants.filter((x) => x.database))
  console.log(`  usage rows in ${v.label}'s database: ${v.usageRows}`);
if (process.env.BENCH_JSON) console.log(JSON.stringify(summary));
process.exit(0);
