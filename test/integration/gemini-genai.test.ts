// The official @google/genai SDK against gateway + emulator over real sockets: Gemini ingress on
// a chat-only, a messages-only and a responses-only Copilot model.
import { ApiError, FunctionCallingConfigMode, GoogleGenAI, type Part, Type } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { defaultModels } from '../../src/emulator/catalogue.js';
import type { LoggedRequest } from '../../src/emulator/types.js';

/** A Claude model Copilot offers only through /v1/messages (not in the default catalogue). */
const MESSAGES_ONLY = 'claude-sonnet-4.5';

let stack: LocalStack;
let ai: GoogleGenAI;

beforeAll(async () => {
  const models = defaultModels().map((m) =>
    m.id === MESSAGES_ONLY ? { ...m, supported_endpoints: ['/v1/messages'] } : m,
  );
  stack = await startLocalStack({
    emulator: { models },
    settings: { retry: { maxAttempts: 2, maxRetryAfterSec: 1, baseDelayMs: 5 } },
  });
  ai = new GoogleGenAI({
    apiKey: 'x',
    httpOptions: { baseUrl: stack.url, retryOptions: { attempts: 1 } },
  });
});
afterAll(async () => {
  await stack?.close();
});

const ENDPOINT: Record<string, string> = {
  'gpt-4.1': '/chat/completions',
  [MESSAGES_ONLY]: '/v1/messages',
  'gpt-5-codex': '/responses',
};
const MODELS = Object.keys(ENDPOINT);

/** The inference requests the emulator saw since `start`. */
function upstreamSince(start: number): LoggedRequest[] {
  return stack.emulator.requests
    .slice(start)
    .filter((r) => r.method === 'POST' && Object.values(ENDPOINT).includes(r.path));
}
const lastUpstream = (start: number): LoggedRequest => {
  const log = upstreamSince(start);
  expect(log.length).toBeGreaterThan(0);
  return log[log.length - 1];
};
type Body = Record<string, unknown>;

const weatherDecl = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: {
    type: Type.OBJECT,
    properties: { city: { type: Type.STRING, description: 'City name' } },
    required: ['city'],
  },
};
const timeDecl = {
  name: 'get_time',
  description: 'Local time in a city',
  parametersJsonSchema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
};

// A 1×1 transparent PNG.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe.each(MODELS)('@google/genai on %s', (model) => {
  const endpoint = ENDPOINT[model];

  it('generateContent reaches the right Copilot endpoint', async () => {
    const start = stack.emulator.requests.length;
    const res = await ai.models.generateContent({ model, contents: 'Hi there' });
    expect(res.text).toContain('You said: Hi there');
    expect(res.candidates?.[0]?.finishReason).toBe('STOP');
    expect(res.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
    expect(res.usageMetadata?.candidatesTokenCount).toBeGreaterThan(0);
    const up = lastUpstream(start);
    expect(up.path).toBe(endpoint);
    expect((up.body as Body).model).toBe(model);
    expect(up.headers['x-initiator']).toBe('user');
  });

  it('generateContentStream yields incremental text and a final STOP with usage', async () => {
    const stream = await ai.models.generateContentStream({
      model,
      contents: 'Stream please [[long:40]]',
    });
    let text = '';
    let chunks = 0;
    let last: Awaited<ReturnType<typeof stream.next>>['value'];
    for await (const chunk of stream) {
      chunks++;
      text += chunk.text ?? '';
      last = chunk;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(40);
    expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(last?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
  });

  it('passes systemInstruction upstream', async () => {
    const res = await ai.models.generateContent({
      model,
      contents: 'What is your role? [[echo-system]]',
      config: { systemInstruction: 'You are a pirate who answers briefly.' },
    });
    expect(res.text).toContain('You are a pirate who answers briefly.');
  });

  it('completes a function-calling round trip (parameters + parametersJsonSchema, ids absent)', async () => {
    const tools = [{ functionDeclarations: [weatherDecl, timeDecl] }];
    const prompt = 'Weather? [[tool:get_weather {"city":"Tokyo"}]]';
    const first = await ai.models.generateContent({ model, contents: prompt, config: { tools } });
    const calls = first.functionCalls ?? [];
    expect(calls.map((c) => [c.name, c.args])).toEqual([['get_weather', { city: 'Tokyo' }]]);
    expect(first.candidates?.[0]?.finishReason).toBe('STOP');

    // The client answers without ids (as many Gemini clients do).
    const modelContent = first.candidates![0].content!;
    const stripped: Part[] = (modelContent.parts ?? []).map((p) =>
      p.functionCall ? { ...p, functionCall: { name: p.functionCall.name, args: p.functionCall.args } } : p,
    );
    const start = stack.emulator.requests.length;
    const second = await ai.models.generateContent({
      model,
      config: { tools },
      contents: [
        { role: 'user', parts: [{ text: prompt }] },
        { role: 'model', parts: stripped },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'get_weather', response: { output: 'Sunny, 21°C' } } }],
        },
      ],
    });
    expect(second.text).toContain('Sunny, 21°C');
    const up = lastUpstream(start);
    expect(up.headers['x-initiator']).toBe('agent');
    // Both declarations reached the upstream with a JSON schema it accepts.
    expect(JSON.stringify((up.body as Body).tools)).toContain('get_time');
  });

  it('completes a parallel function-calling round trip with ids (streaming)', async () => {
    const tools = [{ functionDeclarations: [weatherDecl, timeDecl] }];
    const prompt = 'Both please [[tool:get_weather {"city":"Paris"}]] [[tool:get_time {"city":"Lima"}]]';
    const stream = await ai.models.generateContentStream({ model, contents: prompt, config: { tools } });
    const parts: Part[] = [];
    let finish: string | undefined;
    for await (const chunk of stream) {
      parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
    }
    expect(finish).toBe('STOP');
    const calls = parts.filter((p) => p.functionCall).map((p) => p.functionCall!);
    expect(calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
    expect(calls.every((c) => typeof c.id === 'string' && c.id.length > 0)).toBe(true);
    expect(calls[1].args).toEqual({ city: 'Lima' });

    const start = stack.emulator.requests.length;
    const second = await ai.models.generateContent({
      model,
      config: { tools },
      contents: [
        { role: 'user', parts: [{ text: prompt }] },
        { role: 'model', parts },
        {
          role: 'user',
          parts: [
            { functionResponse: { id: calls[1].id, name: 'get_time', response: { output: '09:30' } } },
            { functionResponse: { id: calls[0].id, name: 'get_weather', response: { output: 'Rainy' } } },
          ],
        },
      ],
    });
    expect(second.text).toMatch(/returned/);
    const body = JSON.stringify(lastUpstream(start).body);
    expect(body).toContain('09:30');
    expect(body).toContain('Rainy');
  });

  it('honours toolConfig ANY with allowedFunctionNames', async () => {
    const start = stack.emulator.requests.length;
    await ai.models.generateContent({
      model,
      contents: 'Weather? [[tool:get_weather {"city":"Oslo"}]]',
      config: {
        tools: [{ functionDeclarations: [weatherDecl] }],
        toolConfig: {
          functionCallingConfig: {
            mode: FunctionCallingConfigMode.ANY,
            allowedFunctionNames: ['get_weather'],
          },
        },
      },
    });
    const body = lastUpstream(start).body as Body;
    expect(JSON.stringify(body.tool_choice)).toContain('get_weather');
  });

  it('sends an inlineData image with the vision header', async () => {
    const start = stack.emulator.requests.length;
    const res = await ai.models.generateContent({
      model,
      contents: [
        {
          role: 'user',
          parts: [{ text: 'What is in this image?' }, { inlineData: { mimeType: 'image/png', data: PNG } }],
        },
      ],
    });
    expect(res.text).toContain('You said');
    const up = lastUpstream(start);
    expect(up.headers['copilot-vision-request']).toBe('true');
    expect(JSON.stringify(up.body)).toContain(PNG);
  });

  it('maps generationConfig onto the upstream request', async () => {
    const start = stack.emulator.requests.length;
    const res = await ai.models.generateContent({
      model,
      contents: 'Give me JSON',
      config: {
        temperature: 0.3,
        topP: 0.9,
        maxOutputTokens: 2000,
        stopSequences: ['\n\nEND'],
        responseMimeType: 'application/json',
        responseSchema: {
          type: Type.OBJECT,
          properties: { answer: { type: Type.STRING } },
          required: ['answer'],
        },
      },
    });
    expect(res.candidates?.[0]?.content?.parts?.length).toBeGreaterThan(0);
    const body = lastUpstream(start).body as Body;
    const json = JSON.stringify(body);
    // The schema travels as a field, or (on /v1/messages, where Copilot refuses
    // output_config.format) inside the drift shield's system instruction.
    expect(json).toMatch(endpoint === '/v1/messages' ? /\\"answer\\"/ : /"answer"/);
    if (endpoint === '/chat/completions') {
      expect(body).toMatchObject({ temperature: 0.3, top_p: 0.9, stop: ['\n\nEND'] });
      expect(body.max_tokens ?? body.max_completion_tokens).toBe(2000);
      expect((body.response_format as Body).type).toBe('json_schema');
    } else if (endpoint === '/v1/messages') {
      expect(body).toMatchObject({ max_tokens: 2000, stop_sequences: ['\n\nEND'] });
      expect(body.temperature ?? body.top_p).toBeDefined();
    } else {
      expect(body).toMatchObject({ max_output_tokens: 2000 });
      expect(((body.text as Body).format as Body).type).toBe('json_schema');
    }
  });

  it('countTokens answers without calling Copilot', async () => {
    const start = stack.emulator.requests.length;
    const res = await ai.models.countTokens({ model, contents: 'How many tokens is this sentence?' });
    expect(res.totalTokens).toBeGreaterThan(3);
    expect(upstreamSince(start)).toHaveLength(0);
  });

  it('models.get describes the model', async () => {
    const m = await ai.models.get({ model });
    expect(m.name).toBe(`models/${model}`);
    expect(m.supportedActions).toContain('generateContent');
    expect(m.inputTokenLimit).toBeGreaterThan(0);
  });
});

describe('@google/genai thinking', () => {
  // Models that can reason: the messages-only Claude (thinking budget) and a responses-only GPT-5.
  it.each([MESSAGES_ONLY, 'gpt-5-codex', 'gemini-3.1-pro-preview'])(
    'sends thinkingConfig upstream and returns thoughts as thought parts (%s)',
    async (model) => {
      const start = stack.emulator.requests.length;
      const stream = await ai.models.generateContentStream({
        model,
        contents: 'Think about the sky',
        config: { thinkingConfig: { includeThoughts: true, thinkingBudget: 4096 }, maxOutputTokens: 8000 },
      });
      const parts: Part[] = [];
      let usage: Record<string, unknown> | undefined;
      for await (const chunk of stream) {
        parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
        if (chunk.usageMetadata) usage = chunk.usageMetadata as Record<string, unknown>;
      }
      const thoughts = parts.filter((p) => p.thought && p.text).map((p) => p.text);
      expect(thoughts.join('')).toContain('Thinking about');
      const text = parts
        .filter((p) => !p.thought)
        .map((p) => p.text ?? '')
        .join('');
      expect(text).toContain('You said');
      expect(usage?.thoughtsTokenCount).toBeGreaterThan(0);
      const body = lastUpstream(start).body as Body;
      const reasoningKnob = body.thinking ?? body.reasoning ?? body.reasoning_effort ?? body.thinking_budget;
      expect(reasoningKnob, JSON.stringify(body)).toBeDefined();
    },
  );

  it.each([MESSAGES_ONLY, 'gpt-5-codex', 'gemini-3.1-pro-preview'])(
    'carries reasoning state through a tool round trip, ids rewritten Gemini-CLI style (%s)',
    async (model) => {
      const tools = [{ functionDeclarations: [weatherDecl] }];
      const prompt = 'Weather? [[tool:get_weather {"city":"Rome"}]]';
      const config = {
        tools,
        thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
        maxOutputTokens: 8000,
      };
      const stream = await ai.models.generateContentStream({ model, contents: prompt, config });
      const parts: Part[] = [];
      for await (const chunk of stream) parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
      const call = parts.find((p) => p.functionCall)?.functionCall;
      expect(call?.name).toBe('get_weather');
      expect(parts.some((p) => p.thoughtSignature)).toBe(true);
      // Gemini CLI rewrites call ids to "<name>__<id>" in its history.
      const history = parts.map((p) =>
        p.functionCall ? { ...p, functionCall: { ...p.functionCall, id: `get_weather__${call?.id}` } } : p,
      );
      const start = stack.emulator.requests.length;
      const second = await ai.models.generateContent({
        model,
        config,
        contents: [
          { role: 'user', parts: [{ text: prompt }] },
          { role: 'model', parts: history },
          {
            role: 'user',
            parts: [
              {
                functionResponse: {
                  id: `get_weather__${call?.id}`,
                  name: 'get_weather',
                  response: { output: 'Warm, 28°C' },
                },
              },
            ],
          },
        ],
      });
      expect(second.text).toContain('Warm, 28°C');
      const up = lastUpstream(start);
      // The original call id travels upstream, not the prefixed one.
      const body = JSON.stringify(up.body);
      expect(body).toContain(JSON.stringify(call?.id));
      expect(body).not.toContain('get_weather__');
      if (model === MESSAGES_ONLY) {
        // The signed thinking block is rebuilt before the tool_use (the emulator verifies it).
        const messages = (up.body as { messages: Array<{ role: string; content: unknown }> }).messages;
        const assistant = messages.find((m) => m.role === 'assistant');
        expect(JSON.stringify(assistant?.content)).toMatch(/"type":"thinking".*"signature"/);
      }
    },
  );

  it('non-streaming: thoughts only when includeThoughts is set', async () => {
    const withThoughts = await ai.models.generateContent({
      model: MESSAGES_ONLY,
      contents: 'Ponder',
      config: { thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 }, maxOutputTokens: 4096 },
    });
    const parts = withThoughts.candidates?.[0]?.content?.parts ?? [];
    expect(parts.some((p) => p.thought && p.text?.includes('Thinking about'))).toBe(true);
    expect(withThoughts.usageMetadata?.thoughtsTokenCount).toBeGreaterThan(0);
    const without = await ai.models.generateContent({
      model: MESSAGES_ONLY,
      contents: 'Ponder',
      config: { thinkingConfig: { thinkingBudget: 2048 }, maxOutputTokens: 4096 },
    });
    expect((without.candidates?.[0]?.content?.parts ?? []).some((p) => p.thought && p.text)).toBe(false);
    expect(without.text).toContain('You said: Ponder');
  });
});

describe('@google/genai models and authentication', () => {
  it('models.list pages through the catalogue', async () => {
    const names: string[] = [];
    for await (const m of await ai.models.list()) names.push(m.name ?? '');
    expect(names).toEqual(expect.arrayContaining(MODELS.map((m) => `models/${m}`)));
    expect(names).not.toContain('models/gpt-41-copilot');
  });

  it('serves models.list/get and generateContent under /v1 (apiVersion v1), errors in Gemini shape', async () => {
    const v1 = new GoogleGenAI({
      apiKey: 'x',
      apiVersion: 'v1',
      httpOptions: { baseUrl: stack.url, retryOptions: { attempts: 1 } },
    });
    const names: string[] = [];
    for await (const m of await v1.models.list()) names.push(m.name ?? '');
    expect(names).toContain('models/gpt-4.1');
    expect((await v1.models.get({ model: 'gpt-5-codex' })).name).toBe('models/gpt-5-codex');
    expect((await v1.models.generateContent({ model: 'gpt-4.1', contents: 'via v1' })).text).toContain(
      'via v1',
    );
    const err = await v1.models.get({ model: 'no-such-model-9' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(JSON.parse((err as ApiError).message)).toMatchObject({
      error: { code: 404, status: 'NOT_FOUND' },
    });
  });

  it('accepts x-goog-api-key, ?key= and Bearer on every Gemini route', async () => {
    const auths: Array<[string, Record<string, string>]> = [
      ['', { 'x-goog-api-key': 'abc' }],
      ['?key=abc', {}],
      ['', { authorization: 'Bearer abc' }],
      ['', { 'x-goog-api-key': '' }],
    ];
    for (const [query, headers] of auths) {
      const sep = query ? '&' : '?';
      const gen = await fetch(`${stack.url}/v1beta/models/gpt-4.1:generateContent${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'auth check' }] }] }),
      });
      expect(gen.status, `${query} ${JSON.stringify(headers)}`).toBe(200);
      const sse = await fetch(
        `${stack.url}/v1beta/models/gpt-4.1:streamGenerateContent${query}${sep}alt=sse`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'auth check' }] }] }),
        },
      );
      expect(sse.status).toBe(200);
      expect(await sse.text()).toContain('"finishReason":"STOP"');
      for (const path of ['/v1beta/models', '/v1/models/gpt-4.1', '/v1beta/models/gpt-4.1']) {
        const res = await fetch(`${stack.url}${path}${query}`, { headers });
        expect(res.status, path).toBe(200);
      }
    }
  });

  it('serves the same actions under /v1 (snake_case body)', async () => {
    const res = await fetch(`${stack.url}/v1/models/gpt-4.1:generateContent?key=k`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        system_instruction: { parts: [{ text: 'Be terse.' }] },
        contents: [{ role: 'user', parts: [{ text: 'v1 path' }] }],
        generation_config: { max_output_tokens: 100 },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> };
    expect(body.candidates[0].content.parts[0].text).toContain('v1 path');
  });
});

describe('Gemini JSON-array stream (no alt=sse)', () => {
  it('streams one valid JSON array of GenerateContentResponse chunks', async () => {
    const res = await fetch(`${stack.url}/v1beta/models/gpt-4.1:streamGenerateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'x' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Array please [[long:20]]' }] }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(text.startsWith('[')).toBe(true);
    const chunks = JSON.parse(text) as Array<{
      candidates: Array<{ content: { parts: Array<{ text?: string }> }; finishReason?: string }>;
      usageMetadata?: { totalTokenCount: number };
    }>;
    expect(chunks.length).toBeGreaterThan(3);
    const joined = chunks
      .map((c) => c.candidates[0].content.parts.map((p) => p.text ?? '').join(''))
      .join('');
    expect(joined.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(20);
    expect(chunks.at(-1)?.candidates[0].finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
  });

  it('ends the array with an error element when the upstream stream is cut', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'cut-stream', afterEvents: 3 },
    });
    const res = await fetch(`${stack.url}/v1beta/models/gpt-4.1:streamGenerateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'cut me [[long:50]]' }] }] }),
    });
    const chunks = JSON.parse(await res.text()) as Array<{ error?: { code: number; status: string } }>;
    const last = chunks.at(-1);
    expect(last?.error?.code).toBeGreaterThanOrEqual(500);
    expect(typeof last?.error?.status).toBe('string');
  });
});

describe('@google/genai errors in Gemini shape', () => {
  const expectGeminiError = async (p: Promise<unknown>, code: number, status: string) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(code);
    const body = JSON.parse((err as ApiError).message) as { error: { code: number; status: string } };
    expect(body.error).toMatchObject({ code, status });
    return body as { error: { code: number; message: string; status: string; details?: unknown[] } };
  };

  it('unknown model → 404 NOT_FOUND that says how to list models', async () => {
    const body = await expectGeminiError(
      ai.models.generateContent({ model: 'no-such-model-9', contents: 'hi' }),
      404,
      'NOT_FOUND',
    );
    expect(body.error.message).toMatch(/model/i);
    await expectGeminiError(ai.models.get({ model: 'no-such-model-9' }), 404, 'NOT_FOUND');
  });

  it('bad JSON → 400 INVALID_ARGUMENT', async () => {
    const res = await fetch(`${stack.url}/v1beta/models/gpt-4.1:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'x' },
      body: '{"contents": [',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    const notArray = await fetch(`${stack.url}/v1beta/models/gpt-4.1:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: 'oops' }),
    });
    expect(notArray.status).toBe(400);
    expect(await notArray.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });

  it('unknown route under /v1beta → Gemini-shaped 404', async () => {
    const res = await fetch(`${stack.url}/v1beta/models/gpt-4.1:embedEverything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [] }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
  });

  it('upstream 429 → RESOURCE_EXHAUSTED with RetryInfo', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      times: 2,
      fault: {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '60' },
        body: { error: { message: 'rate limit exceeded', code: 'rate_limited' } },
      },
    });
    const body = await expectGeminiError(
      ai.models.generateContent({ model: 'gpt-4.1', contents: 'rate limited' }),
      429,
      'RESOURCE_EXHAUSTED',
    );
    expect(body.error.details).toContainEqual({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: '60s',
    });
    stack.emulator.clearFaults();
  });

  it.each(MODELS)('a failure mid-stream makes the SDK throw (%s)', async (model) => {
    stack.emulator.injectFault({
      match: { path: ENDPOINT[model] },
      fault: { kind: 'cut-stream', afterEvents: 4 },
    });
    const stream = await ai.models.generateContentStream({ model, contents: 'cut [[long:60]]' });
    const err = await (async () => {
      for await (const _ of stream) {
        // drain
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    // The bare {"error":…} chunk is what the SDK turns into an ApiError.
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBeGreaterThanOrEqual(500);
    stack.emulator.clearFaults();
  });
});
