#!/usr/bin/env node
// What checking an API key costs. Two gateways in their own processes against the same emulator,
// one with no key defined and one where every request carries a key; interleaved rounds of
// passthrough Chat Completions, CPU read from /proc per 1000 requests (median of ROUNDS). Also
// the key lookup itself in-process (HMAC + index + data_version pragma).
// Usage: npm run build && node bench/key-check.mjs [--quick]
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../dist/emulator/index.js';
import { guardRequest } from '../dist/gateway/middleware/guard.js';
import { createGatewaySecurity } from '../dist/gateway/middleware/security.js';
import { openSqliteStateStore } from '../dist/store/sqlite/state-store.js';
import { Cancellation } from '../dist/util/cancellation.js';
import { cpuSeconds, fmt, load, newDispatcher, startGatewayProcess } from './lib.mjs';

const quick = process.argv.includes('--quick');
const N = quick ? 1000 : 2000;
const ROUNDS = quick ? 3 : 9;
const C = 4;

const emulator = await startEmulator();
const keyDir = mkdtempSync(join(tmpdir(), 'cgw-bench-keys-'));
const created = JSON.parse(
  execFileSync(
    process.execPath,
    ['dist/main.js', 'keys', 'create', '--name', 'bench', '--json', '--data-dir', keyDir],
    {
      encoding: 'utf8',
    },
  ),
);
const plain = await startGatewayProcess(emulator);
const keyed = await startGatewayProcess(emulator, ['--data-dir', keyDir]);
const dispatcher = newDispatcher();
const body = JSON.stringify({
  model: 'gpt-4.1',
  messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
});
const headers = (key) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });

async function cpuPer1000(gw, key) {
  const cpu0 = cpuSeconds(gw.pid);
  await load({
    url: `${gw.url}/v1/chat/completions`,
    headers: headers(key),
    body,
    total: N,
    concurrency: C,
    dispatcher,
  });
  return ((cpuSeconds(gw.pid) - cpu0) * 1000 * 1000) / N; // ms of CPU per 1000 requests (10 ms ticks / N)
}

// Warm both up (JIT, keep-alive pools, model catalogue).
await cpuPer1000(plain, 'unused');
await cpuPer1000(keyed, created.key);
const without = [];
const withKey = [];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which goes first, so a trend in the machine's load does not favour one side.
  if (r % 2 === 0) {
    without.push(await cpuPer1000(plain, 'unused'));
    withKey.push(await cpuPer1000(keyed, created.key));
  } else {
    withKey.push(await cpuPer1000(keyed, created.key));
    without.push(await cpuPer1000(plain, 'unused'));
  }
}
plain.stop();
keyed.stop();
await emulator.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// In-process: the lookup a request does (fresh-check pragma + HMAC + map), 200k times.
const store = openSqliteStateStore(mkdtempSync(join(tmpdir(), 'cgw-bench-lookup-')));
const { secret } = await store.keys.create({ name: 'micro' });
const LOOKUPS = 200_000;
for (let i = 0; i < 20_000; i++) store.keys.index.lookup(secret);
// CPU time, not wall time: on a shared machine the wall clock also counts other processes' turns.
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (let i = 0; i < LOOKUPS; i++) if (!store.keys.index.lookup(secret)) throw new Error('lost the key');
const cpu = process.cpuUsage(c0);
const perLookupUs = (cpu.user + cpu.system) / LOOKUPS;
const perLookupWallUs = Number(process.hrtime.bigint() - t0) / 1000 / LOOKUPS;

// In-process: the whole request guard (Host, browser rules, key extraction, authentication,
// limits) on a chat request, with a key defined and sent versus none defined.
const emptyStore = openSqliteStateStore(mkdtempSync(join(tmpdir(), 'cgw-bench-guard-')));
const securityOf = (state) =>
  createGatewaySecurity(
    {
      host: '127.0.0.1',
      allowedHosts: [],
      allowedOrigins: [],
      noAuth: false,
      rateLimitWait: false,
      adminSessionTtlSec: 3600,
    },
    { keys: state.keys.index, admin: state.admin },
  );
const rcFor = (security, key) => ({
  ctx: { security },
  req: {
    method: 'POST',
    headers: { host: '127.0.0.1:4141', 'content-type': 'application/json', authorization: `Bearer ${key}` },
    socket: { remoteAddress: '127.0.0.1' },
  },
  res: { setHeader() {}, appendHeader() {} },
  path: '/v1/chat/completions',
  query: new URLSearchParams(),
  cancel: new Cancellation(),
});
async function guardCpuUs(security, key) {
  const rc = rcFor(security, key);
  for (let i = 0; i < 20_000; i++) (await guardRequest(rc, 'inference'))();
  const c0 = process.cpuUsage();
  for (let i = 0; i < LOOKUPS; i++) (await guardRequest(rc, 'inference'))();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / LOOKUPS;
}
const guardWith = [];
const guardWithout = [];
for (let r = 0; r < 3; r++) {
  guardWithout.push(await guardCpuUs(securityOf(emptyStore), 'unused'));
  guardWith.push(await guardCpuUs(securityOf(store), secret));
}
await store.close();
await emptyStore.close();

console.log(
  `passthrough chat, ${N} requests x ${ROUNDS} rounds, concurrency ${C}, CPU of the gateway process`,
);
console.log(
  `  without keys: ${fmt(median(without), 0)} ms CPU / 1000 requests   rounds: ${without.map((x) => fmt(x, 0)).join(' ')}`,
);
console.log(
  `  with a key:   ${fmt(median(withKey), 0)} ms CPU / 1000 requests   rounds: ${withKey.map((x) => fmt(x, 0)).join(' ')}`,
);
// Paired by round (the two run back to back), so drift in the machine's load cancels out.
// 1 ms of CPU per 1000 requests is 1 µs per request.
const diffs = withKey.map((w, i) => w - without[i]);
console.log(
  `  difference:   ${fmt(median(diffs), 1)} µs CPU per request (median of paired rounds: ${diffs.map((x) => fmt(x, 0)).join(' ')})`,
);
console.log(
  `key lookup in-process: ${fmt(perLookupUs, 2)} µs CPU per request (${fmt(perLookupWallUs, 2)} µs wall; ${LOOKUPS} lookups)`,
);
console.log(
  `request guard in-process: ${fmt(median(guardWithout), 2)} µs CPU without keys, ${fmt(median(guardWith), 2)} µs with a key (median of 3 x ${LOOKUPS})`,
);
process.exit(0);
