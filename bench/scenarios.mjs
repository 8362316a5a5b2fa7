// The A/B scenarios shared by bench/ab.mjs (CPU-seconds) and bench/instructions.mjs
// (instructions under callgrind): the same requests, so the two kinds of figure compare.
import { claudeCodeShapedBody } from './payloads.mjs';

const json = { 'content-type': 'application/json', authorization: 'Bearer bench' };
const anthropic = { ...json, 'anthropic-version': '2023-06-01' };
const chat = (stream) =>
  JSON.stringify({
    model: 'gpt-4.1',
    stream,
    messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
  });

/** `total`/`c`: the CPU-seconds A/B's request count and concurrency per round. */
export const scenarios = [
  {
    id: 'chat',
    name: 'chat non-stream (passthrough)',
    path: '/v1/chat/completions',
    headers: json,
    body: chat(false),
    total: 1000,
    c: 10,
  },
  {
    id: 'chat-stream',
    name: 'chat stream (passthrough)',
    path: '/v1/chat/completions',
    headers: json,
    body: chat(true),
    total: 1000,
    c: 10,
  },
  {
    id: 'translated',
    name: 'anthropic → chat stream (translated)',
    path: '/v1/messages',
    headers: anthropic,
    body: JSON.stringify({
      model: 'gpt-4.1',
      max_tokens: 512,
      stream: true,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
    }),
    total: 1000,
    c: 10,
  },
  {
    id: '400k',
    name: '400 KB Claude Code request (messages, c=1)',
    path: '/v1/messages',
    headers: anthropic,
    body: claudeCodeShapedBody(400 * 1024, 'claude-sonnet-4.5'),
    total: 100,
    c: 1,
  },
];

/** Scenarios named by a comma-separated list of ids (all when the list is empty). */
export function pick(list) {
  if (!list) return scenarios;
  const ids = list.split(',');
  const out = scenarios.filter((s) => ids.includes(s.id));
  if (out.length !== ids.length)
    throw new Error(`unknown scenario in ${list}; known: ${scenarios.map((s) => s.id)}`);
  return out;
}
