#!/usr/bin/env node
// What the PostgreSQL state store adds per request, against SQLite, same run: two gateways in their
// own processes against the same emulator, one on gateway.db in its data dir and one with
// --database-url (a fresh schema of COPILOT_GATEWAY_TEST_DATABASE_URL, e.g. from
// scripts/test-postgres.sh); interleaved rounds of passthrough Chat Completions, CPU of the gateway
// process read from /proc per 1000 requests (median of ROUNDS). Each request is written to the
// usage log (batched) and counted on its account, on either backend.
// Usage: npm run build && COPILOT_GATEWAY_TEST_DATABASE_URL=postgres://… node bench/store-backend.mjs [--quick]
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmulator } from '../dist/emulator/index.js';
import { cpuSeconds, fmt, load, newDispatcher, startGatewayProcess } from './lib.mjs';

const base = process.env.COPILOT_GATEWAY_TEST_DATABASE_URL;
if (!base) {
  console.error('set COPILOT_GATEWAY_TEST_DATABASE_URL (scripts/test-postgres.sh start prints one)');
  process.exit(2);
}
const quick = process.argv.includes('--quick');
const N = quick ? 1000 : 2000;
const ROUNDS = quick ? 3 : 7;
const C = 4;

const schema = `bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const u = new URL(base);
u.searchParams.set('options', `-c search_path=${schema}`);

const emulator = await startEmulator();
const sqlite = await startGatewayProcess(emulator);
const postgres = await startGatewayProcess(emulator, ['--database-url', u.toString()]);
const dispatcher = newDispatcher();
const body = JSON.stringify({
  model: 'gpt-5-mini',
  messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
});

async function cpuPer1000(gw) {
  const cpu0 = cpuSeconds(gw.pid);
  await load({
    url: `${gw.url}/v1/chat/completions`,
    headers: { 'content-type': 'application/json' },
    body,
    total: N,
    concurrency: C,
    dispatcher,
  });
  return ((cpuSeconds(gw.pid) - cpu0) * 1000 * 1000) / N; // ms of CPU per 1000 requests
}

await cpuPer1000(sqlite);
await cpuPer1000(postgres);
const a = [];
const b = [];
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    a.push(await cpuPer1000(sqlite));
    b.push(await cpuPer1000(postgres));
  } else {
    b.push(await cpuPer1000(postgres));
    a.push(await cpuPer1000(sqlite));
  }
}
// Let the last usage batch reach the database before counting.
await new Promise((r) => setTimeout(r, 1500));
const rows = (await admin.query(`SELECT count(*)::int AS n FROM ${schema}.usage_log`)).rows[0].n;
sqlite.stop();
postgres.stop();
await emulator.close();
await new Promise((r) => setTimeout(r, 300));
await admin.query(`DROP SCHEMA ${schema} CASCADE`);
await admin.end();

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const ratios = b.map((x, i) => x / a[i]);
console.log(
  `passthrough chat, ${N} requests x ${ROUNDS} rounds, concurrency ${C}, CPU of the gateway process`,
);
console.log(
  `  sqlite:     ${fmt(median(a), 0)} ms CPU / 1000 requests   rounds: ${a.map((x) => fmt(x, 0)).join(' ')}`,
);
console.log(
  `  postgres:   ${fmt(median(b), 0)} ms CPU / 1000 requests   rounds: ${b.map((x) => fmt(x, 0)).join(' ')}`,
);
console.log(
  `  postgres / sqlite: ${fmt(median(ratios), 3)} (median of paired rounds: ${ratios.map((x) => fmt(x, 2)).join(' ')})`,
);
console.log(`  usage rows in PostgreSQL: ${rows}`);
process.exit(0);
