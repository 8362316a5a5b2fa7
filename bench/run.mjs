#!/usr/bin/env node
// Gateway overhead against the emulator: the gateway (its own process) versus calling the
// emulator directly, same requests, same load generator; a bare pass-through proxy
// (floor-proxy.mjs) is measured alongside as the floor of this machine. Each figure is the
// median of ROUNDS interleaved runs (this 2-core VM is noisy). Usage: npm run bench [-- --quick]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startEmulator } from '../dist/emulator/index.js';
import { cpuSeconds, fmt, freePort, load, newDispatcher, percentile, startGatewayProcess } from './lib.mjs';
import { claudeCodeShapedBody } from './payloads.mjs';

const quick = process.argv.includes('--quick');
const N = quick ? 600 : 2000;
const ROUNDS = quick ? 1 : 5;
const C = 10;
// Real Copilot answers take tens to hundreds of milliseconds. With a zero-latency emulator on a
// 2-core machine, 10 concurrent requests saturate the CPU and "added latency" measures queueing
// behind the load generator; so latency is measured with the emulator holding each answer for
// UPSTREAM_MS (both direct and through the gateway, clients staggered so they do not fire in
// lockstep), and CPU and throughput at zero upstream latency.
const UPSTREAM_MS = 20;

const emulator = await startEmulator();
const gw = await startGatewayProcess(emulator);
const token = emulator.issueCopilotToken();
const floorPort = await freePort();
const floor = spawn(
  process.execPath,
  ['bench/floor-proxy.mjs', emulator.copilotUrl, token, String(floorPort)],
  { stdio: 'ignore' },
);
const dispatcher = newDispatcher();
await new Promise((r) => setTimeout(r, 300));

const direct = {
  authorization: `Bearer ${token}`,
  'editor-version': 'vscode/1.104.3',
  'copilot-integration-id': 'vscode-chat',
  'content-type': 'application/json',
};
const viaGateway = { 'content-type': 'application/json', authorization: 'Bearer bench' };
const anthropicHeaders = { 'anthropic-version': '2023-06-01' };

const chatBody = (stream) =>
  JSON.stringify({
    model: 'gpt-4.1',
    stream,
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say hello to the benchmark.' },
    ],
  });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function measure(req, pid, total, concurrency, staggerMs) {
  const cpu0 = pid ? cpuSeconds(pid) : 0;
  const r = await load({ ...req, total, concurrency, dispatcher, staggerMs });
  return {
    p50: percentile(r.latencies, 50),
    p99: percentile(r.latencies, 99),
    ttfb50: percentile(r.ttfbs, 50),
    rps: r.rps,
    cpuPer1000: pid ? ((cpuSeconds(pid) - cpu0) / total) * 1000 : undefined,
  };
}

/** Direct vs gateway (and optionally the floor proxy), ROUNDS interleaved runs, medians. */
async function compare(name, reqs, opts = {}) {
  const total = opts.total ?? N;
  const concurrency = opts.concurrency ?? C;
  const staggerMs = opts.staggerMs ?? 0;
  const targets = [
    ['direct', reqs.direct, undefined],
    ['gateway', reqs.gateway, gw.pid],
  ];
  if (reqs.floor) targets.push(['floor', reqs.floor, floor.pid]);
  for (const [, req] of targets) await load({ ...req, total: Math.min(300, total), concurrency, dispatcher });
  const runs = Object.fromEntries(targets.map(([k]) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [k, req, pid] of targets) runs[k].push(await measure(req, pid, total, concurrency, staggerMs));
  }
  const pick = (k, f) => median(runs[k].map((r) => r[f]));
  const row = { name, requests: total, concurrency, rounds: ROUNDS, upstreamMs: opts.upstreamMs ?? 0 };
  for (const [k] of targets) {
    row[k] = { p50: pick(k, 'p50'), p99: pick(k, 'p99'), ttfb50: pick(k, 'ttfb50'), rps: pick(k, 'rps') };
    if (k !== 'direct') row[k].cpuPer1000 = pick(k, 'cpuPer1000');
  }
  row.added = {
    p50: row.gateway.p50 - row.direct.p50,
    p99: row.gateway.p99 - row.direct.p99,
    ttfb50: row.gateway.ttfb50 - row.direct.ttfb50,
  };
  if (row.floor)
    row.floorAdded = {
      p50: row.floor.p50 - row.direct.p50,
      p99: row.floor.p99 - row.direct.p99,
      ttfb50: row.floor.ttfb50 - row.direct.ttfb50,
    };
  const floorText = row.floor
    ? `  | floor proxy: added p50 ${fmt(row.floorAdded.p50)} ms, CPU ${fmt(row.floor.cpuPer1000)} s/1000`
    : '';
  console.log(
    `${name.padEnd(46)} added p50 ${fmt(row.added.p50)} ms  p99 ${fmt(row.added.p99)} ms  ttfb50 ${fmt(row.added.ttfb50)} ms  ` +
      `rps ${fmt(row.direct.rps, 0)} → ${fmt(row.gateway.rps, 0)}  CPU ${fmt(row.gateway.cpuPer1000)} s/1000${floorText}`,
  );
  return row;
}

const withUpstreamLatency = async (ms, fn) => {
  emulator.injectFault({
    match: { server: 'copilot' },
    times: 1e9,
    fault: { kind: 'delay-headers', delayMs: ms },
  });
  try {
    return await fn();
  } finally {
    emulator.clearFaults();
  }
};

const chatReqs = (stream) => ({
  direct: { url: `${emulator.copilotUrl}/chat/completions`, headers: direct, body: chatBody(stream) },
  gateway: { url: `${gw.url}/v1/chat/completions`, headers: viaGateway, body: chatBody(stream) },
  floor: {
    url: `http://127.0.0.1:${floorPort}/v1/chat/completions`,
    headers: viaGateway,
    body: chatBody(stream),
  },
});

const results = {};
try {
  results.nonStream = await compare('chat non-stream (passthrough)', chatReqs(false));
  results.stream = await compare('chat stream (passthrough)', chatReqs(true));
  const anthropicBody = JSON.stringify({
    model: 'gpt-4.1',
    max_tokens: 512,
    stream: true,
    system: 'You are terse.',
    messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
  });
  results.translated = await compare('anthropic → chat stream (translated)', {
    direct: { url: `${emulator.copilotUrl}/chat/completions`, headers: direct, body: chatBody(true) },
    gateway: {
      url: `${gw.url}/v1/messages`,
      headers: { ...viaGateway, ...anthropicHeaders },
      body: anthropicBody,
    },
  });
  const big = claudeCodeShapedBody(400 * 1024, 'claude-sonnet-4.5');
  results.big = await compare(
    '400 KB Claude Code request (messages, c=1)',
    {
      direct: {
        url: `${emulator.copilotUrl}/v1/messages`,
        headers: { ...direct, ...anthropicHeaders },
        body: big,
      },
      gateway: { url: `${gw.url}/v1/messages`, headers: { ...viaGateway, ...anthropicHeaders }, body: big },
    },
    { total: quick ? 60 : 200, concurrency: 1 },
  );
  const latency = { total: quick ? 300 : 1000, staggerMs: UPSTREAM_MS / C, upstreamMs: UPSTREAM_MS };
  results.latNonStream = await withUpstreamLatency(UPSTREAM_MS, () =>
    compare(`chat non-stream, upstream ${UPSTREAM_MS} ms`, chatReqs(false), latency),
  );
  results.latStream = await withUpstreamLatency(UPSTREAM_MS, () =>
    compare(`chat stream, upstream ${UPSTREAM_MS} ms`, chatReqs(true), latency),
  );
} finally {
  gw.stop();
  floor.kill();
  await dispatcher.close();
  await emulator.close();
}

const { nonStream, stream, translated, big, latNonStream, latStream } = results;
const targets = [
  [
    'chat added p50 <= 0.5 ms (c=10, upstream 20 ms)',
    latNonStream.added.p50 <= 0.5,
    fmt(latNonStream.added.p50),
  ],
  ['chat added p99 <= 3 ms (c=10, upstream 20 ms)', latNonStream.added.p99 <= 3, fmt(latNonStream.added.p99)],
  [
    'stream TTFB added <= 1 ms (c=10, upstream 20 ms)',
    latStream.added.ttfb50 <= 1,
    fmt(latStream.added.ttfb50),
  ],
  [
    'CPU <= 0.25 s per 1000 non-stream',
    nonStream.gateway.cpuPer1000 <= 0.25,
    fmt(nonStream.gateway.cpuPer1000),
  ],
  [
    'anthropic→chat stream CPU <= 1.5x chat stream CPU',
    translated.gateway.cpuPer1000 <= 1.5 * stream.gateway.cpuPer1000,
    `${fmt(translated.gateway.cpuPer1000 / stream.gateway.cpuPer1000, 2)}x`,
  ],
  ['400 KB request added p50 <= 3 ms', big.added.p50 <= 3, fmt(big.added.p50)],
];
console.log('\nTargets:');
for (const [name, ok, value] of targets)
  console.log(`  ${ok ? 'PASS' : 'MISS'}  ${name}  (measured ${value})`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  JSON.stringify(
    { at: new Date().toISOString(), node: process.version, rounds: ROUNDS, results, targets },
    null,
    2,
  ),
);
