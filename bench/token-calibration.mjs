#!/usr/bin/env node
// Measures the count_tokens estimate (dist/protocols/anthropic/count-tokens.js) against
// Anthropic's own published tokenizer (@anthropic-ai/tokenizer: the Claude 2 vocabulary, the only
// Claude tokenizer that runs offline) on real text from this repository. Usage:
//   npm run build && node bench/token-calibration.mjs
import { readFileSync } from 'node:fs';
import { countTokens as claude } from '@anthropic-ai/tokenizer';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as estimate } from '../dist/protocols/anthropic/count-tokens.js';

const read = (p) => readFileSync(p, 'utf8');
const samples = [
  ['English prose (README.md)', read('README.md')],
  ['English prose (docs/architecture.md)', read('docs/architecture.md')],
  ['TypeScript (src/gateway/translate.ts)', read('src/gateway/translate.ts')],
  [
    'TypeScript (src/protocols/anthropic/stream-encoder.ts)',
    read('src/protocols/anthropic/stream-encoder.ts'),
  ],
  ['JSON (package.json)', read('package.json')],
  [
    'JSON (an Anthropic golden fixture)',
    read('test/golden/anthropic/messages-to-chat.tools-thinking-stream.json'),
  ],
  ['Shell + TOML (.ci/run, agent config)', read('.ci/run')],
];

console.log('| content | chars | estimate | o200k | Claude tokenizer | estimate ÷ Claude |');
console.log('|---|---:|---:|---:|---:|---:|');
const ratios = [];
for (const [name, text] of samples) {
  // One user message holding the text; the estimate adds its 4-token message overhead.
  const body = { model: 'claude-sonnet-4.5', messages: [{ role: 'user', content: text }] };
  const est = estimate(body, 'o200k_base');
  const c = claude(text);
  ratios.push(est / c);
  console.log(`| ${name} | ${text.length} | ${est} | ${o200k(text)} | ${c} | ${(est / c).toFixed(2)} |`);
}
ratios.sort((a, b) => a - b);
console.log(
  `\nestimate ÷ Claude tokenizer: min ${ratios[0].toFixed(2)}, median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}, max ${ratios.at(-1).toFixed(2)}`,
);
