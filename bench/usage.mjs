#!/usr/bin/env node
// Usage log and metrics costs (issue 12): writes a 1,000,000-row usage log (30 days, 20 models,
// 50 keys, 5 accounts) through the repository, then times the `usage summary` and `usage log`
// queries (median of 7), and the per-record CPU of the outcome subscribers (usage-log push,
// the batched SQLite write, Prometheus metrics). Usage: npm run build && node bench/usage.mjs [--rows N]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createGatewayMetrics } from '../dist/metrics/gateway-metrics.js';
import { applyMigrations } from '../dist/store/sqlite/migrate.js';
import { openSqlite } from '../dist/store/sqlite/open.js';
import { costOf } from '../dist/usage/cost.js';
import { USAGE_MIGRATIONS } from '../dist/usage/log/migrations.js';
import { rowFromOutcome } from '../dist/usage/log/row-from-outcome.js';
import { createSqliteUsageRepository } from '../dist/usage/log/sqlite-usage-repository.js';
import { createPriceTable } from '../dist/usage/price-table.js';
import { createUsageLog } from '../dist/usage/usage-log.js';

const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
const DAY = 86_400_000;
const prices = createPriceTable();
const models = [
  ...prices.models(),
  'unpriced-a',
  'unpriced-b',
  'unpriced-c',
  'unpriced-d',
  'unpriced-e',
  'unpriced-f',
];
const now = Date.now();

function record(i) {
  return {
    traceId: `trace-${i}`,
    startedAt: now - 30 * DAY + Math.floor((i / ROWS) * 30 * DAY),
    method: 'POST',
    path: '/v1/messages',
    ingress: i % 3 === 0 ? 'anthropic' : 'openai-chat',
    egress: i % 3 === 0 ? '/v1/messages' : '/chat/completions',
    passthrough: true,
    stream: i % 2 === 0,
    requestedModel: models[i % models.length],
    resolvedModel: models[i % models.length],
    status: i % 50 === 0 ? 429 : 200,
    errorKind: i % 50 === 0 ? 'rate_limit' : undefined,
    usage: { inputTokens: 1000 + (i % 5000), cachedInputTokens: i % 700, outputTokens: 50 + (i % 900) },
    costNanoAiu: i % 4 === 0 ? undefined : 1_000_000 + i,
    initiator: i % 2 ? 'agent' : 'user',
    keyId: `key-${i % 50}`,
    accountId: `account-${i % 5}`,
    firstByteMs: 30 + (i % 400),
    durationMs: 100 + (i % 4000),
    changes: [],
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(fn, runs = 7) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}
async function timeAsync(fn, runs = 7) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}
function cpuUs() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

const dir = mkdtempSync(join(tmpdir(), 'usage-bench-'));
const file = join(dir, 'gateway.db');
const db = openSqlite(file);
applyMigrations(db, USAGE_MIGRATIONS);
const repo = createSqliteUsageRepository(db);

// 1. Write the log in writer-sized batches (what the gateway does once a second).
const BATCH = 500;
let cpu0 = cpuUs();
const t0 = performance.now();
for (let i = 0; i < ROWS; i += BATCH) {
  const batch = [];
  for (let j = i; j < Math.min(ROWS, i + BATCH); j++) {
    const r = record(j);
    batch.push(rowFromOutcome(r, costOf(r, prices)));
  }
  await repo.insert(batch);
}
const writeUsPerRow = (cpuUs() - cpu0) / ROWS;
const writeS = (performance.now() - t0) / 1000;
console.log(
  `wrote ${ROWS} rows in ${writeS.toFixed(1)} s: ${writeUsPerRow.toFixed(1)} µs CPU per row (row + rollup, batches of ${BATCH}); file ${(statSync(file).size / 1e6).toFixed(0)} MB`,
);

// 2. Queries, on a fresh read-only connection like the CLI's.
const ro = openSqlite(file, { readonly: true });
const reader = createSqliteUsageRepository(ro);
for (const by of ['day', 'model', 'key', 'account']) {
  const ms = await timeAsync(() => reader.summary(by));
  console.log(`usage summary --by ${by}: ${ms.toFixed(2)} ms (median of 7)`);
}
console.log(
  `usage summary --by model --since 7d: ${(await timeAsync(() => reader.summary('model', { sinceMs: now - 7 * DAY }))).toFixed(2)} ms`,
);
console.log(
  `usage log --since 24h (100 rows): ${(await timeAsync(() => reader.list({ sinceMs: now - DAY, limit: 100 }))).toFixed(2)} ms`,
);
console.log(
  `usage log --since 7d --key key-7: ${(await timeAsync(() => reader.list({ sinceMs: now - 7 * DAY, keyId: 'key-7', limit: 100 }))).toFixed(2)} ms`,
);
console.log(
  `usage log --model gpt-5.5 (100 rows): ${(await timeAsync(() => reader.list({ model: 'gpt-5.5', limit: 100 }))).toFixed(2)} ms`,
);
console.log(
  `budget warm-up (cost per key this month): ${(await timeAsync(() => reader.costByKeySince(now - 30 * DAY))).toFixed(2)} ms`,
);
const rawMs = time(
  () =>
    ro
      .prepare(
        'SELECT resolved_model, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cost_nano) FROM usage_log GROUP BY resolved_model',
      )
      .all(),
  3,
);
console.log(`(for comparison: the same per-model aggregate over the raw rows: ${rawMs.toFixed(0)} ms)`);
ro.close();
// The CLI itself, a fresh process (Node start-up included) as a user runs it.
for (const by of ['day', 'model']) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    execFileSync(process.execPath, ['dist/main.js', 'usage', 'summary', '--by', by, '--data-dir', dir], {
      stdio: 'ignore',
    });
    runs.push(performance.now() - t);
  }
  console.log(`copilot-gateway usage summary --by ${by} (whole process): ${median(runs).toFixed(0)} ms`);
}

// 3. Per-record subscriber CPU on the request path.
const N = 200_000;
const records = Array.from({ length: N }, (_, i) => record(i));
const silent = { debug() {}, info() {}, warn() {}, error() {}, verbose: false };
const sinkRepo = { ...repo, insert: async () => {} }; // push cost only; the write is measured above
const usageLog = createUsageLog({
  repo: sinkRepo,
  prices,
  log: silent,
  retention: { maxAgeDays: 90, maxRows: 1e9, rollupMaxAgeDays: 400 },
  writer: { batchSize: 1e9 },
});
const metrics = createGatewayMetrics({ prices, inflight: () => 0, defaultMetrics: false });
for (let i = 0; i < 20_000; i++) {
  usageLog.subscriber(records[i]);
  metrics.subscriber(records[i]);
}
await usageLog.writer.flush();
for (const [name, fn] of [
  ['usage-log subscriber (price + row + queue)', (r) => usageLog.subscriber(r)],
  ['metrics subscriber', (r) => metrics.subscriber(r)],
]) {
  const runs = [];
  for (let k = 0; k < 5; k++) {
    cpu0 = cpuUs();
    for (let i = 0; i < N; i++) fn(records[i]);
    runs.push((cpuUs() - cpu0) / N);
    await usageLog.writer.flush();
  }
  console.log(`${name}: ${median(runs).toFixed(2)} µs CPU per record (median of 5 × ${N})`);
}
const scrapeMs = await timeAsync(() => metrics.scrape());
console.log(`metrics scrape (${(await metrics.scrape()).body.length} bytes): ${scrapeMs.toFixed(1)} ms`);
await usageLog.close();
db.close();
rmSync(dir, { recursive: true, force: true });
