#!/usr/bin/env node
// The usage log's batched insert into PostgreSQL, alone: CPU of this (the gateway's) process per
// row written, for the repository as built (dist/), batches of BATCH rows as the usage writer
// sends them under load. Isolates the client side of the driver (serialising the statement and its
// parameters, parsing the replies) from everything else a request costs.
// Usage: npm run build && COPILOT_GATEWAY_TEST_DATABASE_URL=postgres://… node bench/usage-insert-pg.mjs [--batch 500] [--batches 40] [--rounds 5]
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPgStateStore } from '../dist/store/postgres/state-store.js';

const base = process.env.COPILOT_GATEWAY_TEST_DATABASE_URL;
if (!base) {
  console.error('set COPILOT_GATEWAY_TEST_DATABASE_URL (scripts/test-postgres.sh start prints one)');
  process.exit(2);
}
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const BATCH = flag('--batch', 500);
const BATCHES = flag('--batches', 40);
const ROUNDS = flag('--rounds', 5);

const dbName = `cgw_usage_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(base);
url.pathname = `/${dbName}`;
const store = await openPgStateStore(url.toString());

let n = 0;
const row = () => ({
  tsMs: Date.now(),
  traceId: `trace-${++n}-${randomBytes(6).toString('hex')}`,
  keyId: 'key_0123456789abcdef',
  accountId: 'acc_0123456789ab',
  ingress: 'openai-chat',
  egress: 'openai-chat',
  path: '/v1/chat/completions',
  requestedModel: 'gpt-5-mini',
  resolvedModel: 'gpt-5-mini',
  status: 200,
  stream: false,
  passthrough: true,
  inputTokens: 12,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 9,
  reasoningTokens: 0,
  costNanoAiu: 1234,
  costSource: 'estimate',
  multiplier: 0,
  initiator: 'user',
  firstByteMs: 2,
  durationMs: 3,
  changes: [],
});

const perRow = [];
for (let r = 0; r <= ROUNDS; r++) {
  const batches = Array.from({ length: BATCHES }, () => Array.from({ length: BATCH }, row));
  const t0 = process.cpuUsage();
  for (const b of batches) await store.usage.insert(b);
  const t = process.cpuUsage(t0);
  if (r > 0) perRow.push((t.user + t.system) / (BATCH * BATCHES)); // round 0: warm-up
}
const count = await store.usage.count();
await store.close();
await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
await admin.end();
perRow.sort((a, b) => a - b);
console.log(
  `usage insert, ${BATCH} rows a batch, ${BATCHES} batches x ${ROUNDS} rounds: ${perRow[Math.floor(ROUNDS / 2)].toFixed(2)} µs CPU / row (rounds ${perRow.map((x) => x.toFixed(2)).join(' ')})${count ? `; ${count} rows counted` : ''}`,
);
