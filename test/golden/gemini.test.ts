// Golden fixtures for the Gemini ingress through each egress (see harness.ts). Gemini is always
// translated: to /chat/completions, /v1/messages and /responses; streams both as SSE (alt=sse)
// and as Gemini's JSON-array stream.
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { goldenMatrix, type Json, MESSAGES_ONLY_MODEL, PNG, useGoldenStack } from './harness.js';

const DIR = join(import.meta.dirname, 'gemini');

const stack = useGoldenStack();

const EGRESS: Array<{ tag: string; model: string }> = [
  { tag: 'chat', model: 'gpt-4.1' },
  { tag: 'chat-gemini', model: 'gemini-3.1-pro-preview' },
  { tag: 'messages', model: MESSAGES_ONLY_MODEL },
  { tag: 'responses', model: 'gpt-5-codex' },
];

const TOOLS = [
  {
    functionDeclarations: [
      {
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
      },
      {
        name: 'get_time',
        description: 'Local time in a city',
        parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
      },
    ],
  },
];

interface GeminiCase {
  name: string;
  method: 'generateContent' | 'streamGenerateContent';
  query?: string;
  body: Json;
}

const CASES: GeminiCase[] = [
  {
    name: 'text',
    method: 'generateContent',
    body: {
      systemInstruction: { parts: [{ text: 'You are terse.' }] },
      generationConfig: { maxOutputTokens: 256, temperature: 0.5, stopSequences: ['STOP'] },
      contents: [{ role: 'user', parts: [{ text: 'Hi there' }] }],
    },
  },
  {
    name: 'text-stream-sse',
    method: 'streamGenerateContent',
    query: 'alt=sse',
    body: { contents: [{ role: 'user', parts: [{ text: 'Stream please [[long:6]]' }] }] },
  },
  {
    name: 'tools-stream-array',
    method: 'streamGenerateContent',
    body: {
      tools: TOOLS,
      contents: [
        {
          role: 'user',
          parts: [
            {
              text: 'Weather and time? [[tool:get_weather {"city":"Oslo"}]] [[tool:get_time {"city":"Oslo"}]]',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'history-images',
    method: 'generateContent',
    body: {
      tools: TOOLS,
      contents: [
        {
          role: 'user',
          parts: [
            { inlineData: { mimeType: 'image/png', data: PNG } },
            { text: 'Weather? [[tool:get_weather {"city":"Oslo"}]]' },
          ],
        },
        {
          role: 'model',
          parts: [
            { text: 'Calling get_weather.' },
            { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } },
          ],
        },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'get_weather', response: { result: 'Rain, 9°C' } } }],
        },
      ],
    },
  },
];

describe('golden: Gemini ingress through each egress', () => {
  goldenMatrix(
    stack,
    EGRESS,
    () => CASES,
    (c, model) => ({
      path: `/v1beta/models/${model}:${c.method}`,
      query: c.query,
      body: c.body,
      answer: c.query === 'alt=sse' ? 'sse' : 'json',
    }),
    (tag, c) => join(DIR, `gemini-to-${tag}.${c.name}.json`),
    it,
  );
});
