#!/usr/bin/env node
// Instructions the outcome subscribers (issue 12's logging and metrics: the access log line, the
// usage log row and its batched SQLite write, Prometheus metrics, key budgets) spend per request,
// counted by callgrind in one process: N passthrough-shaped OutcomeRecords, one per event-loop
// turn as the gateway emits them, first with no subscriber (the turns themselves), then with the
// subscribers `start` wires (real logger batched per turn to /dev/null, real SQLite usage log).
// The difference per record, set against the gateway's instructions per passthrough request
// (bench/instructions.mjs), is the share logging + metrics add. Kernel time of the log write is
// not an instruction callgrind sees. N (default 4000) must be large enough that the optimising
// compiler's work on newly hot code is amortised: at 800 the count was five times higher.
// Usage: npm run build && node bench/outcome-instructions.mjs [N]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DETERMINISTIC_NODE } from './callgrind.mjs';

const N = Number(process.argv[2] ?? 4000);
if (!process.env.CGW_UNDER_CALLGRIND) {
  const r = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${join(mkdtempSync(join(tmpdir(), 'cgw-cg-')), 'callgrind.out')}`,
      process.execPath,
      ...DETERMINISTIC_NODE,
      process.argv[1],
      String(N),
    ],
    { stdio: ['ignore', 'inherit', 'ignore'], env: { ...process.env, CGW_UNDER_CALLGRIND: '1' } },
  );
  process.exit(r.status ?? 1);
}

const { accessLogSubscriber } = await import('../dist/gateway/pipeline/access-log.js');
const { createUsageServices } = await import('../dist/usage/services.js');
const { openSqlite } = await import('../dist/store/sqlite/open.js');
const { applyMigrations } = await import('../dist/store/sqlite/migrate.js');
const { USAGE_MIGRATIONS } = await import('../dist/usage/log/migrations.js');
const { createSqliteUsageRepository } = await import('../dist/usage/log/sqlite-usage-repository.js');
const { createLogger } = await import('../dist/util/log.js');
const { resolveSettings } = await import('../dist/config/load.js');

const pid = String(process.pid);
const control = (...args) => execFileSync('callgrind_control', [...args, pid], { encoding: 'utf8' });
const instructions = () =>
  [...control('-e', 'Ir').matchAll(/^\s*Th\s+\d+\s+([\d,]+)\s*$/gm)].reduce(
    (sum, m) => sum + Number(m[1].replaceAll(',', '')),
    0,
  );

const devNull = openSync('/dev/null', 'w');
const log = createLogger({ batch: true, sink: (text) => writeSync(devNull, `${text}\n`) });
const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'cgw-oi-')), 'gateway.db'));
applyMigrations(db, USAGE_MIGRATIONS);
const settings = resolveSettings({ flags: { port: 0 }, env: {}, file: {} });
const usage = createUsageServices({
  settings,
  repo: createSqliteUsageRepository(db),
  log,
  inflight: () => 1,
});
// CGW_SUBSCRIBERS=access,usage,budgets,metrics (default all) measures a subset.
const [usageLogSub, budgetsSub, metricsSub] = usage.subscribers;
const all = {
  access: accessLogSubscriber(log, 'text'),
  usage: usageLogSub,
  budgets: budgetsSub,
  metrics: metricsSub,
};
const chosen = (process.env.CGW_SUBSCRIBERS ?? Object.keys(all).join(',')).split(',');
const subscribers = chosen.map((k) => all[k]);

const record = (i) => ({
  traceId: `0123456789abcdef${String(i).padStart(8, '0')}`,
  startedAt: Date.now(),
  method: 'POST',
  path: '/v1/chat/completions',
  ingress: 'openai-chat',
  egress: '/chat/completions',
  passthrough: true,
  stream: false,
  requestedModel: 'gpt-4.1',
  resolvedModel: 'gpt-4.1',
  status: 200,
  usage: { inputTokens: 7, outputTokens: 15 },
  costNanoAiu: 0,
  initiator: 'user',
  accountId: 'acct-1',
  firstByteMs: 1,
  durationMs: 2,
  changes: [],
});
const turn = () => new Promise((r) => setImmediate(r));
async function run(withSubscribers) {
  for (let i = 0; i < N; i++) {
    const r = record(i);
    if (withSubscribers) for (const s of subscribers) s(r);
    await turn();
  }
  await usage.usageLog.writer.flush();
}

await run(true); // warm-up: JIT tiers, prepared statements
control('-i', 'on');
const base0 = instructions();
await run(false);
const base = instructions() - base0;
const on0 = instructions();
await run(true);
const on = instructions() - on0;
const per = (on - base) / N;
console.log(
  `outcome subscribers (${chosen.join(' + ')}): ${Math.round(per).toLocaleString('en')} instructions per request (N=${N}; the turns alone ${Math.round(base / N).toLocaleString('en')})`,
);
await usage.close();
db.close();
