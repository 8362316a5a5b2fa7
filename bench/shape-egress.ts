// Cost of shapeEgress on a Claude Code-sized /v1/messages body (~120 KB, 12 tools): the common
// case (nothing to change: byte scan + property reads) and the rare one (shield + clamp, re-parse
// and re-serialise). Run: npx tsx bench/shape-egress.ts
import { anthropicBodyMayDrift } from '../src/gateway/quirks/anthropic-shield.js';
import { shapeEgress } from '../src/gateway/quirks/shape-egress.js';

// Varied prose (a run of one repeated character is a worst case for Buffer.indexOf, not realistic).
const prose = (n: number) =>
  'Reads a file from the local filesystem; the path must be absolute, and lines are numbered. '
    .repeat(Math.ceil(n / 90))
    .slice(0, n);

const tool = (i: number) => ({
  name: `Tool${i}`,
  description: prose(2000),
  input_schema: { type: 'object', properties: { path: { type: 'string' }, limit: { type: 'number' } } },
});
const clean = {
  model: 'claude-sonnet-4.5',
  max_tokens: 32000,
  stream: true,
  system: [{ type: 'text', text: prose(20000), cache_control: { type: 'ephemeral' } }],
  tools: Array.from({ length: 12 }, (_, i) => tool(i)),
  messages: Array.from({ length: 40 }, (_, i) => ({
    role: i % 2 ? 'assistant' : 'user',
    content: prose(1800),
  })),
};
const drifting = {
  ...clean,
  max_tokens: 64000,
  context_management: { edits: [] },
  tools: clean.tools.map((t) => ({ ...t, defer_loading: true })),
};
const model = {
  id: 'claude-sonnet-4.5',
  limits: { maxOutputTokens: 32000, maxNonStreamingOutputTokens: 16000 },
};

function measure(label: string, parsed: Record<string, unknown>): void {
  const raw = Buffer.from(JSON.stringify(parsed));
  const n = 2000;
  for (let i = 0; i < 200; i++)
    shapeEgress({ endpoint: '/v1/messages', payload: raw, parsed, model, stream: true });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++)
    shapeEgress({ endpoint: '/v1/messages', payload: raw, parsed, model, stream: true });
  const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
  console.log(`${label}: ${(raw.length / 1024).toFixed(0)} KB body, ${us.toFixed(1)} µs per call`);
}

measure('nothing to change', clean);
measure('shield + clamp', drifting);

{
  // The raw-bytes test, for bodies no route has parsed.
  const raw = Buffer.from(JSON.stringify(clean));
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 500; i++) anthropicBodyMayDrift(raw);
  console.log(`byte scan alone: ${(Number(process.hrtime.bigint() - t0) / 1000 / 500).toFixed(1)} µs`);
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) JSON.parse(raw.toString());
  console.log(
    `JSON.parse of the same body, for scale: ${(Number(process.hrtime.bigint() - t1) / 1000 / 100).toFixed(1)} µs`,
  );
}
