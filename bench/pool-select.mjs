#!/usr/bin/env node
// Account selection cost with 50 accounts: the pure selection (worst case: the only usable
// account is the last one, with a model filter) for each strategy, and the whole per-request
// pool path (change-stamp check against the SQLite store + selection). Target: < 50 µs per request.
// Usage: npm run build && node bench/pool-select.mjs
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from '../dist/config/load.js';
import { openSqliteStateStore } from '../dist/store/sqlite/state-store.js';
import { createAccountPool } from '../dist/upstream/accounts/pool.js';
import { selectAccount } from '../dist/upstream/accounts/select.js';
import { createDispatcher } from '../dist/upstream/dispatcher.js';
import { silentLogger } from '../dist/util/log.js';

const N = 50;
const ITER = 200_000;
const now = Date.now();
const models = new Set(['gpt-4.1', 'claude-sonnet-4.5', 'gpt-5-codex']);
const members = Array.from({ length: N }, (_, i) => ({
  id: `acc_${i}`,
  priority: i,
  enabled: true,
  cooldownUntil: i < N - 1 ? now + 3600_000 : 0,
  served: i,
  models,
}));

function time(label, fn, iter = ITER) {
  for (let i = 0; i < 10_000; i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iter; i++) fn();
  const us = Number(process.hrtime.bigint() - t0) / 1000 / iter;
  console.log(`${label.padEnd(58)} ${us.toFixed(3)} µs/request`);
  return us;
}

const results = {};
for (const strategy of ['fill-first', 'round-robin', 'least-used']) {
  const cursor = { n: 0 };
  results[strategy] = time(`select, ${N} accounts, ${strategy}, last usable`, () =>
    selectAccount(members, { model: 'claude-sonnet-4.5', strategy, now, cursor }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'cgw-pool-bench-'));
const store = openSqliteStateStore(dir);
for (let i = 0; i < N; i++)
  await store.accounts.add({
    login: `user${i}`,
    kind: 'oauth',
    githubUrl: 'https://github.com',
    token: `ghu_${i}`,
    priority: i,
  });
const settings = resolveSettings({ flags: {}, env: {}, file: {}, dataDir: dir });
const dispatcher = createDispatcher(settings);
const pool = createAccountPool({ store, settings, dispatcher, log: silentLogger() });
await pool.members();
const iterAsync = 50_000;
for (let i = 0; i < 5000; i++) pool.select(await pool.members(), { model: 'gpt-4.1', now: Date.now() });
const t0 = process.hrtime.bigint();
for (let i = 0; i < iterAsync; i++) pool.select(await pool.members(), { model: 'gpt-4.1', now: Date.now() });
const whole = Number(process.hrtime.bigint() - t0) / 1000 / iterAsync;
console.log(
  `${`pool.members() + select, ${N} accounts in SQLite`.padEnd(58)} ${whole.toFixed(3)} µs/request`,
);
await pool.close();
await dispatcher.close();
await store.close();
const worst = Math.max(...Object.values(results), whole);
console.log(`${worst < 50 ? 'PASS' : 'FAIL'} selection < 50 µs per request (worst ${worst.toFixed(2)} µs)`);
process.exit(worst < 50 ? 0 : 1);
