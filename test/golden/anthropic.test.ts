// Golden fixtures for the Anthropic ingress, at the pipeline level: for each case the client
// request, the exact upstream request the gateway sent (from the emulator's log) and the
// client-visible response or stream, with volatile ids and clocks normalised. Any behavioural
// change in decode → plan → encode → decode → encode shows up as a diff here.
// Regenerate with UPDATE_GOLDEN=1 npx vitest run test/golden/anthropic.test.ts and review the diff.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { encryptReasoning, signReasoning } from '../../src/emulator/tokens.js';
import { ENCRYPTED_SIGNATURE_PREFIX } from '../../src/protocols/anthropic/foreign-reasoning.js';
import { expectGolden, type Json, PNG, record } from './harness.js';

const DIR = join(import.meta.dirname, 'anthropic');

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.close();
});

const TOOLS = [
  {
    name: 'get_weather',
    description: 'Weather for a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    cache_control: { type: 'ephemeral' },
  },
  {
    name: 'get_time',
    description: 'Local time in a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
];

const EGRESS: Array<{ tag: string; model: string }> = [
  { tag: 'messages', model: 'claude-sonnet-4.5' },
  { tag: 'responses', model: 'gpt-5-codex' },
  { tag: 'chat', model: 'gpt-4.1' },
  { tag: 'chat-gemini', model: 'gemini-3.1-pro-preview' },
];

/** The signature a client holds for an earlier thinking block, per egress (what it was shown). */
function heldSignature(tag: string, text: string): string {
  return tag === 'responses' ? ENCRYPTED_SIGNATURE_PREFIX + encryptReasoning(text) : signReasoning(text);
}

interface Case {
  name: string;
  headers?: Record<string, string>;
  query?: string;
  body: Json;
}

function casesFor(tag: string, model: string): Case[] {
  const thought = 'Thinking about: Weather? [[tool:get_weather {"city":"Oslo"}]]';
  return [
    {
      name: 'text',
      body: {
        model,
        max_tokens: 256,
        system: [
          { type: 'text', text: 'You are terse.' },
          { type: 'text', text: 'Answer in English.', cache_control: { type: 'ephemeral' } },
        ],
        stop_sequences: ['STOP'],
        temperature: 0.5,
        metadata: { user_id: 'user_golden' },
        messages: [{ role: 'user', content: 'Hi there' }],
      },
    },
    {
      name: 'text-stream',
      query: 'beta=true',
      headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14,claude-code-20250219' },
      body: {
        model,
        max_tokens: 256,
        stream: true,
        system: 'You are terse.',
        messages: [{ role: 'user', content: 'Stream please [[long:6]]' }],
      },
    },
    {
      name: 'tools-thinking-stream',
      body: {
        model,
        max_tokens: 4096,
        stream: true,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        tools: TOOLS,
        tool_choice: { type: 'auto' },
        messages: [
          {
            role: 'user',
            content:
              'Weather and time? [[tool:get_weather {"city":"Oslo"}]] [[tool:get_time {"city":"Oslo"}]]',
          },
        ],
      },
    },
    {
      name: 'history-images',
      body: {
        model,
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        tools: TOOLS,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'text', text: 'Weather? [[tool:get_weather {"city":"Oslo"}]]' },
            ],
          },
          {
            role: 'assistant',
            content: [
              ...(tag === 'chat'
                ? []
                : [{ type: 'thinking', thinking: thought, signature: heldSignature(tag, thought) }]),
              { type: 'text', text: 'Calling get_weather.' },
              { type: 'tool_use', id: 'toolu_01golden', name: 'get_weather', input: { city: 'Oslo' } },
              { type: 'tool_use', id: 'toolu_02golden', name: 'get_time', input: { city: 'Oslo' } },
            ],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'toolu_01golden',
                content: [
                  { type: 'text', text: 'Rain, 9°C' },
                  { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
                ],
              },
              { type: 'tool_result', tool_use_id: 'toolu_02golden', content: 'clock broken', is_error: true },
            ],
          },
        ],
      },
    },
  ];
}

describe('golden: Anthropic ingress through each egress', () => {
  for (const { tag, model } of EGRESS) {
    for (const c of casesFor(tag, model)) {
      const file = join(DIR, `messages-to-${tag}.${c.name}.json`);
      it(`${tag}: ${c.name}`, async () => {
        const actual = await record(stack, {
          path: '/v1/messages',
          query: c.query,
          headers: c.headers,
          protocolHeaders: { 'anthropic-version': '2023-06-01' },
          body: c.body,
          answer: c.body.stream ? 'sse' : 'json',
        });
        expectGolden(file, actual);
      });
    }
  }
});
