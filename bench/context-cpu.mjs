#!/usr/bin/env node
// CPU of context management on the passthrough hot path: two gateway processes, one with
// contextManagement "off", one with "trim" (the default), same emulator, same requests; CPU
// seconds per 1,000 requests of each gateway process, median of interleaved rounds.
// Cases: a small chat body, a ~100 kB Claude Code-shaped body (below the size test: never
// counted) and a ~420 kB one (near the limit: counted, nothing to trim).
// Usage: npm run build && node bench/context-cpu.mjs [--quick]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../dist/emulator/index.js';
import { cpuSeconds, load, newDispatcher, startGatewayProcess } from './lib.mjs';
import { claudeCodeShapedBody } from './payloads.mjs';

const quick = process.argv.includes('--quick');
const N = quick ? 300 : 1000;
const ROUNDS = quick ? 1 : 5;

function dataDirWith(mode) {
  const dir = mkdtempSync(join(tmpdir(), `cgw-ctx-${mode}-`));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ contextManagement: { mode } }), { mode: 0o600 });
  return dir;
}

const emulator = await startEmulator();
const gateways = {
  off: await startGatewayProcess(emulator, ['--data-dir', dataDirWith('off')]),
  trim: await startGatewayProcess(emulator, ['--data-dir', dataDirWith('trim')]),
};
const dispatcher = newDispatcher();
const headers = {
  'content-type': 'application/json',
  authorization: 'Bearer bench',
  'anthropic-version': '2023-06-01',
};
const cases = {
  'chat, small': {
    path: '/v1/chat/completions',
    body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hello' }] }),
  },
  'messages, 100 kB': { path: '/v1/messages', body: claudeCodeShapedBody(100_000, 'claude-sonnet-4.5') },
  'messages, 420 kB (counted)': {
    path: '/v1/messages',
    body: claudeCodeShapedBody(420_000, 'claude-sonnet-4.5'),
  },
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const [name, c] of Object.entries(cases)) {
  const cpu = { off: [], trim: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 ? ['trim', 'off'] : ['off', 'trim']) {
      const gw = gateways[mode];
      await load({ url: `${gw.url}${c.path}`, headers, body: c.body, total: 50, concurrency: 4, dispatcher });
      const before = cpuSeconds(gw.pid);
      await load({ url: `${gw.url}${c.path}`, headers, body: c.body, total: N, concurrency: 4, dispatcher });
      cpu[mode].push(((cpuSeconds(gw.pid) - before) * 1000) / N);
    }
  }
  const off = median(cpu.off);
  const trim = median(cpu.trim);
  rows.push({
    case: name,
    bytes: c.body.length,
    off: off.toFixed(3),
    trim: trim.toFixed(3),
    ratio: (trim / off).toFixed(3),
  });
}
console.log('CPU seconds per 1,000 requests (gateway process), median of', ROUNDS, 'rounds');
console.table(rows);
for (const gw of Object.values(gateways)) gw.stop();
await emulator.close();
process.exit(0);
