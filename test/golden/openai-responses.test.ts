// Golden fixtures for the OpenAI Responses ingress through each egress (see harness.ts): native
// passthrough to /responses, and translated to /v1/messages and /chat/completions.
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { goldenMatrix, type Json, PNG, useGoldenStack } from './harness.js';

const DIR = join(import.meta.dirname, 'openai-responses');

const stack = useGoldenStack();

const EGRESS: Array<{ tag: string; model: string }> = [
  { tag: 'responses', model: 'gpt-5-codex' },
  { tag: 'messages', model: 'claude-sonnet-4.5' },
  { tag: 'chat', model: 'gpt-4.1' },
];

const TOOLS = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
  {
    type: 'function',
    name: 'get_time',
    description: 'Local time in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
];

function casesFor(model: string): Array<{ name: string; body: Json }> {
  return [
    {
      name: 'text',
      body: {
        model,
        instructions: 'You are terse.',
        max_output_tokens: 256,
        input: 'Hi there',
      },
    },
    {
      name: 'text-stream',
      body: {
        model,
        stream: true,
        store: false,
        instructions: 'You are terse.',
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'Stream please [[long:6]]' }] }],
      },
    },
    {
      name: 'tools-stream',
      body: {
        model,
        stream: true,
        store: false,
        tools: TOOLS,
        tool_choice: 'auto',
        input: 'Weather and time? [[tool:get_weather {"city":"Oslo"}]] [[tool:get_time {"city":"Oslo"}]]',
      },
    },
    {
      name: 'history-images',
      body: {
        model,
        store: false,
        tools: TOOLS,
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_image', image_url: `data:image/png;base64,${PNG}` },
              { type: 'input_text', text: 'Weather? [[tool:get_weather {"city":"Oslo"}]]' },
            ],
          },
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Calling get_weather.' }],
          },
          {
            type: 'function_call',
            call_id: 'call_01golden',
            name: 'get_weather',
            arguments: '{"city":"Oslo"}',
          },
          { type: 'function_call_output', call_id: 'call_01golden', output: 'Rain, 9°C' },
        ],
      },
    },
  ];
}

describe('golden: OpenAI Responses ingress through each egress', () => {
  goldenMatrix(
    stack,
    EGRESS,
    casesFor,
    (c) => ({ path: '/v1/responses', body: c.body, answer: c.body.stream ? 'sse' : 'json' }),
    (tag, c) => join(DIR, `responses-to-${tag}.${c.name}.json`),
    it,
  );
});
