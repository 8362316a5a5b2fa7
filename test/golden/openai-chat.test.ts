// Golden fixtures for the OpenAI Chat ingress through each egress (see harness.ts): native
// passthrough to /chat/completions (a GPT model, a Claude model whose answer Copilot splits into
// several choices, a reasoning model sent the legacy max_tokens), and translated to /v1/messages
// and /responses.
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { goldenMatrix, type Json, MESSAGES_ONLY_MODEL, PNG, useGoldenStack } from './harness.js';

const DIR = join(import.meta.dirname, 'openai-chat');

const stack = useGoldenStack();

const EGRESS: Array<{ tag: string; model: string }> = [
  { tag: 'chat', model: 'gpt-4.1' },
  { tag: 'chat-claude', model: 'claude-sonnet-4.5' },
  { tag: 'chat-reasoning', model: 'gpt-5-mini' },
  { tag: 'messages', model: MESSAGES_ONLY_MODEL },
  { tag: 'responses', model: 'gpt-5-codex' },
];

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_time',
      description: 'Local time in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];

function casesFor(model: string): Array<{ name: string; body: Json }> {
  return [
    {
      name: 'text',
      body: {
        model,
        max_tokens: 256,
        temperature: 0.5,
        stop: ['STOP'],
        user: 'user_golden',
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Hi there' },
        ],
      },
    },
    {
      name: 'text-stream',
      body: {
        model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          { role: 'developer', content: 'You are terse.' },
          { role: 'user', content: 'Stream please [[long:6]]' },
        ],
      },
    },
    {
      name: 'tools-stream',
      body: {
        model,
        stream: true,
        tools: TOOLS,
        tool_choice: 'auto',
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
        tools: TOOLS,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
              { type: 'text', text: 'Weather? [[tool:get_weather {"city":"Oslo"}]]' },
            ],
          },
          {
            role: 'assistant',
            content: 'Calling get_weather.',
            tool_calls: [
              {
                id: 'call_01golden',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
              },
              {
                id: 'call_02golden',
                type: 'function',
                function: { name: 'get_time', arguments: '{"city":"Oslo"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_01golden', content: 'Rain, 9°C' },
          { role: 'tool', tool_call_id: 'call_02golden', content: 'clock broken' },
        ],
      },
    },
  ];
}

describe('golden: OpenAI Chat ingress through each egress', () => {
  goldenMatrix(
    stack,
    EGRESS,
    casesFor,
    (c) => ({ path: '/v1/chat/completions', body: c.body, answer: c.body.stream ? 'sse' : 'json' }),
    (tag, c) => join(DIR, `chat-to-${tag}.${c.name}.json`),
    it,
  );
});
