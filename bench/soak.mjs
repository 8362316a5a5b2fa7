#!/usr/bin/env node
// Soak (issue 11): N concurrent clients run mixed streams (Chat, Anthropic, Responses, Gemini SSE,
// plus some non-stream answers) against a gateway in its own process for M seconds; the gateway's
// RSS is read from /proc at start, after warm-up, at its peak and at the end, and every failure
// is counted by kind. Not a test: figures for docs/hardening.md. After `npm run build`:
//   node bench/soak.mjs [--concurrency 50] [--seconds 120] [--warmup 20] [--slow-ms 0] [--words N]
// --slow-ms N makes every upstream stream slow (N ms between frames): the "100 slow streams" case.
// An answer is about one frame a word, so by default a slow answer has 20,000 / N words and each
// stream lasts about 20 s (a long-lived stream, as a slow model or a long answer gives); --words
// sets the answer length (the earlier "slow" mode, short answers at Copilot's speed:
// --slow-ms 20 --words 20). Without --slow-ms the answers are 120 words, written at once.
// --concurrency 0 measures the idle gateway for --seconds. The clients start spread over one
// frame interval, so the frames of the open streams do not all arrive at the same moment.
// The gateway inherits this process's environment (e.g. MALLOC_ARENA_MAX) and BENCH_NODE_FLAGS.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
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
const WORDS = arg('words', SLOW_MS > 0 ? Math.max(20, Math.round(20_000 / SLOW_MS)) : 120);

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
const words = WORDS;
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
let open = 0;
let maxOpen = 0;
const load1 = () => +loadavg()[0].toFixed(1);
const loadAverage = { start: load1(), max: load1(), end: NaN };

const start = rssMb();
let peak = start;
let atWarmup = NaN;
const sampler = setInterval(() => {
  peak = Math.max(peak, rssMb());
  loadAverage.max = Math.max(loadAverage.max, load1());
}, 250);

const until = Date.now() + SECONDS * 1000;
setTimeout(() => {
  warmedUp = true;
  atWarmup = rssMb();
}, WARMUP * 1000);

async function worker(i) {
  let n = i;
  if (SLOW_MS > 0) await new Promise((r) => setTimeout(r, (i * SLOW_MS) / C));
  while (Date.now() < until) {
    const k = KINDS[n++ % KINDS.length];
    open++;
    maxOpen = Math.max(maxOpen, open);
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
    } finally {
      open--;
    }
  }
}

const began = Date.now();
await Promise.all(Array.from({ length: C }, (_, i) => worker(i)));
if (C === 0) await new Promise((r) => setTimeout(r, SECONDS * 1000));
const ranSeconds = (Date.now() - began) / 1000;
clearInterval(sampler);
await new Promise((r) => setTimeout(r, 2000)); // let the gateway settle before the last reading
const end = rssMb();
loadAverage.end = load1();
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
      words: WORDS,
      nodeFlags: process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=2',
      mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null,
      completed,
      completedAfterWarmup,
      requestsPerSecond: +(completed / ranSeconds).toFixed(1),
      maxOpenRequests: maxOpen,
      loadAverage,
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
