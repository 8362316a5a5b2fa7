// Items 4, 5, 7 and 9 of issue 11 over real sockets: deep nesting, bad percent-encoding in a data
// URL, errors that would echo huge input, and a GET on a Gemini path outside /v1beta. Each answer
// is a 4xx in the caller's own protocol shape, never a 500.
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { defaultModels } from '../../src/emulator/catalogue.js';
import { memoryLogger } from '../../src/util/log.js';

const MESSAGES_ONLY = 'claude-messages-only-4.5';
let stack: LocalStack;
const log = memoryLogger('info');

beforeAll(async () => {
  const models = defaultModels();
  const sonnet = models.find((m) => m.id === 'claude-sonnet-4.5')!;
  models.push({ ...structuredClone(sonnet), id: MESSAGES_ONLY, supported_endpoints: ['/v1/messages'] });
  stack = await startLocalStack({ emulator: { models }, log });
});
afterAll(async () => {
  await stack?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: loose access to error bodies
type Json = Record<string, any>;

const INGRESS: Array<{ path: string; headers?: Record<string, string>; shape: (b: Json) => void }> = [
  { path: '/v1/chat/completions', shape: (b) => expect(typeof b.error.message).toBe('string') },
  { path: '/v1/responses', shape: (b) => expect(typeof b.error.message).toBe('string') },
  { path: '/v1/embeddings', shape: (b) => expect(typeof b.error.message).toBe('string') },
  {
    path: '/v1/messages',
    headers: { 'anthropic-version': '2023-06-01' },
    shape: (b) => expect(b).toMatchObject({ type: 'error', error: { type: expect.any(String) } }),
  },
  {
    path: '/v1/messages/count_tokens',
    headers: { 'anthropic-version': '2023-06-01' },
    shape: (b) => expect(b).toMatchObject({ type: 'error', error: { type: expect.any(String) } }),
  },
  {
    path: '/v1beta/models/gpt-4.1:generateContent',
    shape: (b) => expect(b.error).toMatchObject({ code: expect.any(Number), status: expect.any(String) }),
  },
  {
    path: '/v1beta/models/gpt-4.1:streamGenerateContent',
    shape: (b) => expect(b.error).toMatchObject({ code: expect.any(Number), status: expect.any(String) }),
  },
  {
    path: '/v1beta/models/gpt-4.1:countTokens',
    shape: (b) => expect(b.error).toMatchObject({ code: expect.any(Number), status: expect.any(String) }),
  },
];

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Json };
}

describe('deep nesting (item 4)', () => {
  const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
  const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  for (const ingress of INGRESS) {
    it(`is a 400 on ${ingress.path}, as the model and inside the content`, async () => {
      for (const body of [
        `{"model":${deep},"messages":[],"input":"x","contents":[]}`,
        `{"model":"gpt-4.1","max_tokens":5,"messages":[{"role":"user","content":${deepObject}}],"input":${deep},"contents":${deep}}`,
      ]) {
        const res = await post(ingress.path, body, ingress.headers);
        expect(res.status).toBe(400);
        ingress.shape(res.json);
        expect(JSON.stringify(res.json)).toMatch(/levels deep/);
      }
    });
  }

  it('deeply nested tool-call arguments are passed on, not re-serialised into a stack overflow', async () => {
    const args = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    // Chat history with a deep arguments string, translated to /v1/messages.
    const chat = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const res = await chat.chat.completions.create({
      model: MESSAGES_ONLY,
      messages: [
        { role: 'user', content: 'call it' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: args } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'done' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
    });
    expect(res.choices[0].message).toBeDefined();
  });
});

describe('data URLs (item 5)', () => {
  it('bad percent-encoding is a 400 naming the parameter (openai SDK, translated path)', async () => {
    const chat = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const err = await chat.chat.completions
      .create({
        model: MESSAGES_ONLY,
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png,%ZZ' } }] },
        ],
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.message).toMatch(/percent-escape "%ZZ"/);
    expect(err.param).toBe('messages[0].content[0].image_url.url');
  });

  it('a valid percent-encoded image reaches Copilot as its bytes', async () => {
    const chat = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    await chat.chat.completions.create({
      model: MESSAGES_ONLY,
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png,%89PNG' } }] },
      ],
    });
    const sent = stack.emulator.requests.filter((r) => r.path === '/v1/messages').at(-1)!.body as Json;
    const image = sent.messages[0].content.find((c: Json) => c.type === 'image');
    expect(Buffer.from(image.source.data, 'base64')).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });
});

describe('errors quote a short prefix of the input (item 7)', () => {
  const huge = 'x'.repeat(200_000);
  for (const ingress of INGRESS) {
    it(`a 200 KB model name on ${ingress.path} gives a short error body and log line`, async () => {
      log.lines.length = 0;
      const body = JSON.stringify({
        model: huge,
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi' }],
        input: 'hi',
        contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      });
      // The Gemini model is in the path: put the huge name there too (within Node's header limit).
      const path = ingress.path.startsWith('/v1beta')
        ? ingress.path.replace('gpt-4.1', 'y'.repeat(12_000))
        : ingress.path;
      const res = await post(path, body, ingress.headers);
      if (path.endsWith('count_tokens') || path.endsWith(':countTokens')) {
        // Counting does not need the model (Claude Code counts before it picks one).
        expect(res.status).toBe(200);
      } else {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        ingress.shape(res.json);
      }
      expect(res.text.length).toBeLessThan(3000);
      for (const line of log.lines) expect(line.length).toBeLessThan(3000);
    });
  }
});

describe('Gemini 405 (item 9)', () => {
  for (const path of [
    '/v1/models/gpt-4.1:generateContent',
    '/v1alpha/models/gpt-4.1:generateContent',
    '/v1beta/models/gpt-4.1:streamGenerateContent',
  ]) {
    it(`GET ${path} is a Gemini-shaped 405`, async () => {
      const res = await fetch(`${stack.url}${path}`);
      expect(res.status).toBe(405);
      const body = (await res.json()) as Json;
      expect(body.error).toMatchObject({ code: 405, status: expect.any(String) });
    });
  }

  it('the @google/genai client still works on /v1 after those', async () => {
    const ai = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: stack.url, apiVersion: 'v1' } });
    const res = await ai.models.generateContent({ model: 'gpt-4.1', contents: 'hello' });
    expect(res.text).toBeTruthy();
  });
});
