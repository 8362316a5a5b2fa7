#!/usr/bin/env node
// What the shared limits cost per request, same run: two gateways in their own processes against
// the same emulator, each with a key limited in rpm and concurrency (so every request is judged),
// one counting in-process (today's default) and one with --redis-url (COPILOT_GATEWAY_TEST_REDIS_URL,
// e.g. from scripts/test-redis.sh). Interleaved rounds of passthrough Chat Completions; CPU of the
// gateway process from /proc per 1000 requests and the median latency (median of ROUNDS), and the
// Redis commands per request (INFO stats) to confirm one round trip for the key + limit check.
// Usage: npm run build && COPILOT_GATEWAY_TEST_REDIS_URL=redis://… node bench/redis-limits.mjs [--quick] [--rpm-only]
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startEmulator } from '../dist/emulator/index.js';
import { cpuSeconds, fmt, load, newDispatcher, percentile, startGatewayProcess } from './lib.mjs';

const redisUrl = process.env.COPILOT_GATEWAY_TEST_REDIS_URL;
if (!redisUrl) {
  console.error('set COPILOT_GATEWAY_TEST_REDIS_URL (scripts/test-redis.sh start prints one)');
  process.exit(2);
}
const quick = process.argv.includes('--quick');
/** --rpm-only: the key has an rpm limit and no concurrency limit (nothing to release after it). */
const rpmOnly = process.argv.includes('--rpm-only');
const N = quick ? 1000 : 2000;
const ROUNDS = quick ? 3 : 7;
const C = 4;

/** A data dir with a key every request is judged for (limits far above what the bench sends). */
function dirWithKey() {
  const dir = mkdtempSync(join(tmpdir(), 'cgw-bench-redis-'));
  const out = execFileSync(
    process.execPath,
    [
      'dist/main.js',
      'keys',
      'create',
      '--name',
      'bench',
      '--rpm',
      '100000000',
      ...(rpmOnly ? [] : ['--concurrent', '1000']),
      '--data-dir',
      dir,
    ],
    { encoding: 'utf8' },
  );
  const secret = out.match(/cgw_[A-Za-z0-9_-]+/)?.[0];
  if (!secret) throw new Error(`no key in: ${out}`);
  return { dir, secret };
}

const emulator = await startEmulator();
const l = dirWithKey();
const r = dirWithKey();
const local = await startGatewayProcess(emulator, ['--data-dir', l.dir]);
const shared = await startGatewayProcess(emulator, ['--data-dir', r.dir, '--redis-url', redisUrl]);
const stats = new Redis(redisUrl);
/** Commands clients sent (top level: a script's own calls are not round trips), by name. */
const sent = async () => {
  const text = await stats.info('commandstats');
  const calls = (name) => Number(text.match(new RegExp(`cmdstat_${name}:calls=(\\d+)`))?.[1] ?? 0);
  return {
    evalsha: calls('evalsha') + calls('eval'),
    zrem: calls('zrem'),
    other: calls('multi') + calls('ping'),
  };
};
const dispatcher = newDispatcher();
const body = JSON.stringify({
  model: 'gpt-5-mini',
  messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
});

async function round(gw, secret) {
  const cpu0 = cpuSeconds(gw.pid);
  const res = await load({
    url: `${gw.url}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body,
    total: N,
    concurrency: C,
    dispatcher,
  });
  return { cpu: ((cpuSeconds(gw.pid) - cpu0) * 1000 * 1000) / N, p50: percentile(res.latencies, 50) };
}

await round(local, l.secret);
await round(shared, r.secret);
const a = [];
const b = [];
let perRequest = { evalsha: 0, zrem: 0, other: 0 };
for (let i = 0; i < ROUNDS; i++) {
  const runShared = async () => {
    const c0 = await sent();
    b.push(await round(shared, r.secret));
    const c1 = await sent();
    perRequest = { evalsha: c1.evalsha - c0.evalsha, zrem: c1.zrem - c0.zrem, other: c1.other - c0.other };
  };
  if (i % 2 === 0) {
    a.push(await round(local, l.secret));
    await runShared();
  } else {
    await runShared();
    a.push(await round(local, l.secret));
  }
}
// One more round, not timed, with MONITOR on: which commands the gateway itself sent (a script's
// own calls show as source "lua", and INFO commandstats counts them too).
// Quiet first (the last batch of releases and charges sent): a release flushed just as MONITOR
// started once made ioredis throw "Command queue state error" in this process.
await new Promise((done) => setTimeout(done, 300));
const monitor = await stats.monitor();
const byClient = { evalsha: 0, zrem: 0, other: 0 };
monitor.on('monitor', (_time, args, source) => {
  if (source === 'lua') return;
  const name = String(args[0]).toLowerCase();
  if (name === 'evalsha' || name === 'eval') byClient.evalsha++;
  else if (name === 'zrem') byClient.zrem++;
  else byClient.other++;
});
await round(shared, r.secret);
await new Promise((done) => setTimeout(done, 200));
monitor.disconnect();
local.stop();
shared.stop();
stats.disconnect();
await emulator.close();

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const cpuRatios = b.map((x, i) => x.cpu / a[i].cpu);
console.log(
  `passthrough chat with a key limited in ${rpmOnly ? 'rpm only' : 'rpm and concurrency'}, ${N} requests x ${ROUNDS} rounds, concurrency ${C}`,
);
console.log(
  `  local limits: ${fmt(median(a.map((x) => x.cpu)), 0)} ms CPU / 1000 requests, p50 ${fmt(median(a.map((x) => x.p50)), 2)} ms`,
);
console.log(
  `  Redis limits: ${fmt(median(b.map((x) => x.cpu)), 0)} ms CPU / 1000 requests, p50 ${fmt(median(b.map((x) => x.p50)), 2)} ms`,
);
console.log(
  `  redis / local CPU: ${fmt(median(cpuRatios), 3)} (paired rounds: ${cpuRatios.map((x) => fmt(x, 2)).join(' ')})`,
);
console.log(`  p50 latency added: ${fmt(median(b.map((x) => x.p50)) - median(a.map((x) => x.p50)), 2)} ms`);
console.log(
  `  Redis commands per request (last round, INFO commandstats, a script's own calls included): scripts ${fmt(perRequest.evalsha / N, 2)}, ZREM ${fmt(perRequest.zrem / N, 2)}, other ${fmt(perRequest.other / N, 3)}`,
);
console.log(
  `  sent by the gateway per request (MONITOR round): scripts ${fmt(byClient.evalsha / N, 2)} (admit before the request; charge after it when it cost credits), ZREM ${fmt(byClient.zrem / N, 3)} (batched releases), other ${fmt(byClient.other / N, 3)}`,
);
process.exit(0);
