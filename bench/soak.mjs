#!/usr/bin/env node
// Soak (issue 11): N concurrent clients run mixed streams (Chat, Anthropic, Responses, Gemini SSE,
// plus some non-stream answers) against a gateway in its own process for M seconds; the gateway's
// RSS is read from /proc at start, after warm-up, at its peak and at the end, and every failure
// is counted by kind. Not a test: figures for docs/hardening.md. After `npm run build`:
//   node bench/soak.mjs [--concurrency 50] [--seconds 120] [--warmup 20] [--slow-ms 0]
// --slow-ms N makes every upstream stream slow (N ms between frames): the "100 slow streams" case.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { startEmulator } from '../dist/emulator/index.js';
import { startGatewayProcess } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const C = arg('concurrency', 50);
const SECONDS = arg('seconds', 120);
const WARMUP = arg('warmup', Math.min(20, Math.floor(SECONDS / 4)));
const SLOW_MS = arg('slow-ms', 0);

const emulator = await startEmulator();
if (SLOW_MS > 0) {
  for (const path of ['/chat/completions', '/v1/messages', '/responses'])
    emulator.injectFault({ match: { path }, times: 1e9, fault: { kind: 'slow-stream', delayMs: SLOW_MS } });
}
const gw = await startGatewayProcess(emulator);
const dispatcher = new Agent({ connections: C + 8, keepAliveTimeout: 60_000 });

const rssMb = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${gw.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

const json = { 'content-type': 'application/json' };
const anthropic = { ...json, 'anthropic-version': '2023-06-01' };
const words = SLOW_MS > 0 ? 20 : 120;
const KINDS = [
  {
    name: 'chat-stream',
    path: '/v1/chat/completions',
    headers: json,
    body: { model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: `hi [[long:${words}]]` }] },
    done: 'data: [DONE]',
  },
  {
    name: 'anthropic-stream',
    path: '/v1/messages',
    headers: anthropic,
    body: {
      model: 'claude-sonnet-4.5',
      max_tokens: 2000,
      stream: true,
      messages: [{ role: 'user', content: `hi [[long:${words}]]` }],
    },
    done: 'event: message_stop',
  },
  {
    name: 'anthropic-on-gpt-stream',
    path: '/v1/messages',
    headers: anthropic,
    body: {
      model: 'gpt-4.1',
      max_tokens: 2000,
      stream: true,
      messages: [{ role: 'user', content: `hi [[long:${words}]]` }],
    },
    done: 'event: message_stop',
  },
  {
    name: 'responses-stream',
    path: '/v1/responses',
    headers: json,
    body: { model: 'gpt-5-mini', stream: true, input: `hi [[long:${words}]]` },
    done: 'event: response.completed',
  },
  {
    name: 'gemini-sse',
    path: '/v1beta/models/gpt-4.1:streamGenerateContent?alt=sse',
    headers: json,
    body: { contents: [{ role: 'user', parts: [{ text: `hi [[long:${words}]]` }] }] },
    done: '"finishReason"',
  },
  {
    name: 'chat-json',
    path: '/v1/chat/completions',
    headers: json,
    body: { model: 'gpt-4.1', messages: [{ role: 'user', content: `hi [[long:${words}]]` }] },
    done: '"finish_reason"',
  },
];

const errors = new Map();
const count = (kind) => errors.set(kind, (errors.get(kind) ?? 0) + 1);
let completed = 0;
let warmedUp = false;
let completedAfterWarmup = 0;

const start = rssMb();
let peak = start;
let atWarmup = NaN;
const sampler = setInterval(() => {
  peak = Math.max(peak, rssMb());
}, 250);

const until = Date.now() + SECONDS * 1000;
setTimeout(() => {
  warmedUp = true;
  atWarmup = rssMb();
}, WARMUP * 1000);

async function worker(i) {
  let n = i;
  while (Date.now() < until) {
    const k = KINDS[n++ % KINDS.length];
    try {
      const res = await request(`${gw.url}${k.path}`, {
        method: 'POST',
        headers: k.headers,
        body: JSON.stringify(k.body),
        dispatcher,
      });
      const text = await res.body.text();
      if (res.statusCode !== 200) count(`${k.name}: HTTP ${res.statusCode}`);
      else if (!text.includes(k.done)) count(`${k.name}: incomplete`);
      else {
        completed++;
        if (warmedUp) completedAfterWarmup++;
      }
    } catch (err) {
      count(`${k.name}: ${err.code ?? err.message}`);
    }
  }
}

await Promise.all(Array.from({ length: C }, (_, i) => worker(i)));
clearInterval(sampler);
await new Promise((r) => setTimeout(r, 2000)); // let the gateway settle before the last reading
const end = rssMb();
gw.stop();
await emulator.close();
await dispatcher.close();

const growth = ((end - atWarmup) / atWarmup) * 100;
console.log(
  JSON.stringify(
    {
      concurrency: C,
      seconds: SECONDS,
      warmupSeconds: WARMUP,
      slowMs: SLOW_MS,
      completed,
      completedAfterWarmup,
      rssMb: {
        start: +start.toFixed(1),
        afterWarmup: +atWarmup.toFixed(1),
        peak: +peak.toFixed(1),
        end: +end.toFixed(1),
      },
      growthAfterWarmupPct: +growth.toFixed(1),
      errors: Object.fromEntries(errors),
    },
    null,
    2,
  ),
);
