#!/usr/bin/env node
// The stream codecs alone, in one process, for two builds side by side: a recorded Copilot Chat
// stream (reasoning, text, two tool calls, usage then copilot_usage) decoded to IR events and
// encoded for an Anthropic client and for a Responses client, in alternating rounds. Without the
// HTTP, sockets and other processes of bench/ab.mjs, it shows the codecs' own cost (on Node 20
// a spread with new keys in a per-event path costs a hidden class per call).
// Usage: node bench/codec-shapes.mjs <dirA> <dirB> [rounds] (each dir holds a built dist/)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const sse = readFileSync(
  join(here, '../src/protocols/openai-chat/__fixtures__/copilot-stream-claude-tools.sse'),
  'utf8',
);
const [dirA, dirB] = process.argv.slice(2, 4).map((d) => resolve(d));
if (!dirA || !dirB) throw new Error('usage: node bench/codec-shapes.mjs <dirA> <dirB> [rounds]');
const ROUNDS = Number(process.argv[4] ?? 7);
const STREAMS = 20_000;

async function pipelines(dir) {
  const m = (p) => import(join(dir, 'dist/protocols', p));
  const { parseSSEText } = await m('sse/parse.js');
  const { ChatStreamDecoder } = await m('openai-chat/stream-decoder.js');
  const { AnthropicStreamEncoder } = await m('anthropic/stream-encoder.js');
  const { ResponsesStreamEncoder } = await m('openai-responses/stream-encoder.js');
  const { decodeRequest } = await m('openai-responses/decode-request.js');
  const messages = parseSSEText(sse);
  let n = 0;
  const ctx = () => ({ now: 1767225600, newId: (prefix) => `${prefix}${(++n).toString(36)}`, warnings: [] });
  const req = decodeRequest({ model: 'claude-sonnet-4.5', input: 'weather?', stream: true }, ctx());
  const run = (Encoder) => () => {
    const c = ctx();
    const decoder = new ChatStreamDecoder(c);
    const encoder = new Encoder(req, c);
    let bytes = 0;
    for (const msg of messages) for (const ev of decoder.push(msg)) bytes += encoder.push(ev).length;
    for (const ev of decoder.end()) bytes += encoder.push(ev).length;
    return bytes;
  };
  return { 'chat → anthropic': run(AnthropicStreamEncoder), 'chat → responses': run(ResponsesStreamEncoder) };
}

function time(f) {
  const t = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < STREAMS; i++) bytes += f();
  return { us: Number(process.hrtime.bigint() - t) / 1e3 / STREAMS, bytes: bytes / STREAMS };
}

const a = await pipelines(dirA);
const b = await pipelines(dirB);
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const name of Object.keys(a)) {
  // Warm-up: optimised code on both sides.
  for (let i = 0; i < 3; i++) {
    time(a[name]);
    time(b[name]);
  }
  const ta = [];
  const tb = [];
  let sizes;
  for (let r = 0; r < ROUNDS; r++) {
    const x = time(a[name]);
    const y = time(b[name]);
    ta.push(x.us);
    tb.push(y.us);
    sizes = `${x.bytes} / ${y.bytes} bytes`;
  }
  const [ma, mb] = [median(ta), median(tb)];
  console.log(
    `${name.padEnd(18)} µs a stream  A ${ma.toFixed(2)}  B ${mb.toFixed(2)}  (B/A ${(mb / ma).toFixed(2)})  ${sizes}`,
  );
}
