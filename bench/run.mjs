#!/usr/bin/env node
// Gateway overhead against the emulator: the gateway (its own process) versus calling the
// emulator directly, same requests, same load generator. Usage: npm run bench [-- --quick]
import { mkdirSync, writeFileSync } from 'node:fs';
import { startEmulator } from '../dist/emulator/index.js';
import { cpuSeconds, fmt, load, newDispatcher, percentile, startGatewayProcess } from './lib.mjs';
import { claudeCodeShapedBody } from './payloads.mjs';

const quick = process.argv.includes('--quick');
const N = quick ? 600 : 3000;
const C = 10;
// Real Copilot answers take tens to hundreds of milliseconds. With a zero-latency emulator on a
// 2-core machine, 10 concurrent requests saturate the CPU and "added latency" measures queueing
// behind the load generator; so latency is measured with the emulator holding each answer for
// UPSTREAM_MS (applied to both the direct and the gateway run), and CPU and throughput at zero latency.
const UPSTREAM_MS = 20;

const emulator = await startEmulator();
const gw = await startGatewayProcess(emulator);
const dispatcher = newDispatcher();
const token = emulator.issueCopilotToken();
const direct = {
  authorization: `Bearer ${token}`,
  'editor-version': 'vscode/1.104.3',
  'copilot-integration-id': 'vscode-chat',
  'content-type': 'application/json',
};
const viaGateway = { 'content-type': 'application/json', authorization: 'Bearer bench' };

const chatBody = (stream) =>
  JSON.stringify({
    model: 'gpt-4.1',
    stream,
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say hello to the benchmark.' },
    ],
  });

function withUpstreamLatency(ms, fn) {
  if (ms > 0)
    emulator.injectFault({
      match: { server: 'copilot' },
      times: 1e9,
      fault: { kind: 'delay-headers', delayMs: ms },
    });
  return fn().finally(() => emulator.clearFaults());
}

async function pair(name, directReq, gatewayReq, total = N, concurrency = C) {
  await load({ ...directReq, total: Math.min(300, total), concurrency, dispatcher });
  await load({ ...gatewayReq, total: Math.min(300, total), concurrency, dispatcher });
  const d = await load({ ...directReq, total, concurrency, dispatcher });
  const cpu0 = cpuSeconds(gw.pid);
  const g = await load({ ...gatewayReq, total, concurrency, dispatcher });
  const cpu = cpuSeconds(gw.pid) - cpu0;
  const row = {
    name,
    requests: total,
    concurrency,
    direct: {
      p50: percentile(d.latencies, 50),
      p99: percentile(d.latencies, 99),
      ttfb50: percentile(d.ttfbs, 50),
      rps: d.rps,
    },
    gateway: {
      p50: percentile(g.latencies, 50),
      p99: percentile(g.latencies, 99),
      ttfb50: percentile(g.ttfbs, 50),
      rps: g.rps,
    },
    gatewayCpuSecPer1000: (cpu / total) * 1000,
  };
  row.added = {
    p50: row.gateway.p50 - row.direct.p50,
    p99: row.gateway.p99 - row.direct.p99,
    ttfb50: row.gateway.ttfb50 - row.direct.ttfb50,
  };
  console.log(
    `${name.padEnd(44)} added p50 ${fmt(row.added.p50)} ms  p99 ${fmt(row.added.p99)} ms  ttfb50 ${fmt(row.added.ttfb50)} ms  ` +
      `rps ${fmt(row.direct.rps, 0)} → ${fmt(row.gateway.rps, 0)}  gateway CPU ${fmt(row.gatewayCpuSecPer1000)} s/1000`,
  );
  return row;
}

const results = [];
try {
  results.push(
    await pair(
      'chat non-stream (passthrough)',
      { url: `${emulator.copilotUrl}/chat/completions`, headers: direct, body: chatBody(false) },
      { url: `${gw.url}/v1/chat/completions`, headers: viaGateway, body: chatBody(false) },
    ),
  );
  results.push(
    await pair(
      'chat stream (passthrough)',
      { url: `${emulator.copilotUrl}/chat/completions`, headers: direct, body: chatBody(true) },
      { url: `${gw.url}/v1/chat/completions`, headers: viaGateway, body: chatBody(true) },
    ),
  );
  const anthropicBody = JSON.stringify({
    model: 'gpt-4.1',
    max_tokens: 512,
    stream: true,
    system: 'You are terse.',
    messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
  });
  results.push(
    await pair(
      'anthropic → chat stream (translated)',
      { url: `${emulator.copilotUrl}/chat/completions`, headers: direct, body: chatBody(true) },
      {
        url: `${gw.url}/v1/messages`,
        headers: { ...viaGateway, 'anthropic-version': '2023-06-01' },
        body: anthropicBody,
      },
    ),
  );
  const big = claudeCodeShapedBody(400 * 1024, 'claude-sonnet-4.5');
  results.push(
    await pair(
      '400 KB Claude Code request (messages passthrough)',
      {
        url: `${emulator.copilotUrl}/v1/messages`,
        headers: { ...direct, 'anthropic-version': '2023-06-01' },
        body: big,
      },
      {
        url: `${gw.url}/v1/messages`,
        headers: { ...viaGateway, 'anthropic-version': '2023-06-01' },
        body: big,
      },
      quick ? 100 : 400,
      1,
    ),
  );
  // Latency with a realistic (non-zero) upstream time: the added p50/p99 the targets speak of.
  for (const [label, path, body, headers] of [
    ['chat non-stream, upstream 20 ms', '/chat/completions', chatBody(false), {}],
    ['chat stream, upstream 20 ms', '/chat/completions', chatBody(true), {}],
  ]) {
    results.push(
      await withUpstreamLatency(UPSTREAM_MS, () =>
        pair(
          label,
          { url: `${emulator.copilotUrl}${path}`, headers: { ...direct, ...headers }, body },
          { url: `${gw.url}/v1${path}`, headers: { ...viaGateway, ...headers }, body },
          quick ? 400 : 2000,
        ),
      ),
    );
  }
} finally {
  gw.stop();
  await dispatcher.close();
  await emulator.close();
}

const [nonStream, stream, translated, big, latNonStream, latStream] = results;
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
    nonStream.gatewayCpuSecPer1000 <= 0.25,
    fmt(nonStream.gatewayCpuSecPer1000),
  ],
  [
    'anthropic→chat stream CPU <= 1.5x chat stream CPU',
    translated.gatewayCpuSecPer1000 <= 1.5 * stream.gatewayCpuSecPer1000,
    `${fmt(translated.gatewayCpuSecPer1000 / stream.gatewayCpuSecPer1000, 2)}x`,
  ],
  ['400 KB request added p50 <= 3 ms', big.added.p50 <= 3, fmt(big.added.p50)],
];
console.log('\nTargets:');
for (const [name, ok, value] of targets)
  console.log(`  ${ok ? 'PASS' : 'MISS'}  ${name}  (measured ${value})`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  JSON.stringify({ at: new Date().toISOString(), node: process.version, results, targets }, null, 2),
);
