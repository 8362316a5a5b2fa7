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
// bench sends, so every request is judged and admitted). In each round every gateway gets the same
// requests AT ONCE, so they share whatever else the machine does at that moment (--sequential:
// one after the other, the order rotating); CPU (user + system, every thread) of each gateway
// process from /proc; the median of the paired rounds' ratios to A, with their spread. Every
// request also lands in the usage log (batched) on either backend.
// Usage: npm run build && COPILOT_GATEWAY_TEST_DATABASE_URL=postgres://… \
//   COPILOT_GATEWAY_TEST_REDIS_URL=redis://… node bench/cluster-cpu.mjs
//   [--quick] [--requests N] [--rounds R] [--warmup N (3000 per configuration and gateway)]
//   [--concurrency C] [--configs none,rpm,rpm-conc] [--before DIR]
//   [--model M]   (default gpt-5-mini, which costs no credits; claude-sonnet-4.5 does)
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
/** Requests per configuration and gateway before the measured rounds (JIT, connections, pools). */
const WARMUP = Number(flag('--warmup', quick ? 1000 : 3000));
const before = flag('--before', undefined);
const sequential = argv.includes('--sequential');
/** A priced model (claude-sonnet-4.5) makes every request charge credits to its key in Redis. */
const model = flag('--model', 'gpt-5-mini');
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
  model,
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

/** Counters before a round. */
function snapshot(v) {
  return { ticks: cpuTimes(v.gw.pid), fine: cpuSecondsFine(v.gw.pid) };
}

function send(v, c, total) {
  return load({
    url: `${v.gw.url}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${v.keys[c]}` },
    body,
    total,
    concurrency: C,
    dispatcher,
  });
}

/** Per request since `s0`: CPU (ms per 1000 requests), its kernel share, median latency. */
function figures(v, s0, res, total) {
  const fine = ((cpuSecondsFine(v.gw.pid) - s0.fine) * 1e6) / total;
  const ticks = cpuTimes(v.gw.pid);
  const user = ticks.user - s0.ticks.user;
  const sys = ticks.system - s0.ticks.system;
  return {
    cpu: fine,
    // The kernel's share of it (from the 10 ms ticks, which split user and system).
    system: user + sys > 0 ? (fine * sys) / (user + sys) : 0,
    p50: percentile(res.latencies, 50),
  };
}

/**
 * One round of a key configuration: every variant gets `total` requests, all at once (the
 * default: they share whatever else the machine is doing at that moment) or one after the other
 * (--sequential, the order rotating). Redis figures are per request of the cluster variants.
 */
async function round(c, total, r = 0) {
  const cluster = variants.filter((v) => v.database).length * total;
  const r0 = redisPid ? cpuSeconds(redisPid) : 0;
  const sc0 = await scripts();
  const out = {};
  if (sequential) {
    const k = r % variants.length;
    for (const v of [...variants.slice(k), ...variants.slice(0, k)]) {
      const s0 = snapshot(v);
      const before = await scripts();
      out[v.label] = figures(v, s0, await send(v, c, total), total);
      out[v.label].scripts = ((await scripts()) - before) / total;
    }
  } else {
    const s0 = variants.map(snapshot);
    const res = await Promise.all(variants.map((v) => send(v, c, total)));
    variants.forEach((v, i) => {
      out[v.label] = figures(v, s0[i], res[i], total);
    });
  }
  out.redisCpu = redisPid ? ((cpuSeconds(redisPid) - r0) * 1e6) / cluster : undefined;
  out.scripts = ((await scripts()) - sc0) / cluster;
  return out;
}

const results = Object.fromEntries(
  chosen.map((c) => [c, { rounds: [], ...Object.fromEntries(variants.map((v) => [v.label, []])) }]),
);
try {
  // Warm-up: JIT, connections, the catalogue, the key's plan.
  for (const c of chosen) await round(c, WARMUP);
  for (let r = 0; r < ROUNDS; r++) {
    // The configurations' order rotates too, so none is always measured first in a round.
    const order = [...chosen.slice(r % chosen.length), ...chosen.slice(0, r % chosen.length)];
    for (const [i, c] of order.entries()) {
      const o = await round(c, N, r + i);
      results[c].rounds.push(o);
      for (const v of variants) results[c][v.label].push(o[v.label]);
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
  `passthrough chat (${model}), ${N} requests x ${ROUNDS} rounds per configuration, concurrency ${C} ` +
    `per gateway, ${sequential ? 'one gateway after the other' : 'all gateways at once'}; ` +
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
        `      p50 ${fmt(median(xs.map((x) => x.p50)), 2)} ms (A ${fmt(median(A.map((x) => x.p50)), 2)})` +
          (sequential ? `; Redis scripts / request ${fmt(median(xs.map((x) => x.scripts)), 3)}` : ''),
      );
    console.log(line.join('\n'));
  }
  const rs = results[c].rounds;
  console.log(
    `    Redis, per request of the cluster variants: scripts ${fmt(median(rs.map((x) => x.scripts)), 3)}` +
      (redisPid ? `, redis-server CPU ${fmt(median(rs.map((x) => x.redisCpu)), 1)} µs` : ''),
  );
}
for (const v of variants.filter((x) => x.database))
  console.log(`  usage rows in ${v.label}'s database: ${v.usageRows}`);
if (process.env.BENCH_JSON) console.log(JSON.stringify(summary));
process.exit(0);
