// The official openai SDK against gateway + emulator over real sockets: Chat Completions.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

let stack: LocalStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startLocalStack();
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
});

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('chat completions through the gateway (openai SDK)', () => {
  it('answers a plain request', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'Hi there' }],
    });
    expect(res.choices[0].message.content).toContain('You said: Hi there');
    expect(res.usage?.prompt_tokens).toBeGreaterThan(0);
    const upstream = stack.emulator.requests.filter((r) => r.path === '/chat/completions').at(-1)!;
    expect(upstream.headers['x-initiator']).toBe('user');
    expect(upstream.headers['editor-version']).toMatch(/^vscode\//);
  });

  it('streams', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1',
      stream: true,
      messages: [{ role: 'user', content: 'Stream please [[long:40]]' }],
    });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(40);
  });

  it('completes a tool-call round trip (stream helper, finalChatCompletion)', async () => {
    for (const model of ['gpt-4.1', 'claude-sonnet-4.5']) {
      const first = await client.chat.completions
        .stream({
          model,
          tools: [weatherTool],
          messages: [{ role: 'user', content: 'Weather? [[tool:get_weather {"city":"Tokyo"}]]' }],
        })
        .finalChatCompletion();
      const call = first.choices[0].message.tool_calls?.[0];
      expect(call?.type === 'function' && call.function.name).toBe('get_weather');
      expect(first.choices[0].finish_reason).toBe('tool_calls');
      const second = await client.chat.completions.create({
        model,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'Weather? [[tool:get_weather {"city":"Tokyo"}]]' },
          first.choices[0].message,
          { role: 'tool', tool_call_id: call!.id, content: 'Sunny, 21°C' },
        ],
      });
      expect(second.choices[0].message.content).toContain('Sunny, 21°C');
      const upstream = stack.emulator.requests.filter((r) => r.path === '/chat/completions').at(-1)!;
      expect(upstream.headers['x-initiator']).toBe('agent');
    }
  });

  it('merges Copilot split choices for Claude models (non-stream)', async () => {
    const res = await client.chat.completions.create({
      model: 'claude-sonnet-4.5',
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather? [[tool:get_weather {"city":"Oslo"}]]' }],
    });
    expect(res.choices).toHaveLength(1);
    expect(res.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather' } });
    expect(res.choices[0].finish_reason).toBe('tool_calls');
  });

  it('lists models with Copilot capabilities', async () => {
    const list = await client.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toContain('gpt-4.1');
    const claude = list.data.find((m) => m.id === 'claude-sonnet-4.5') as unknown as Record<string, unknown>;
    expect(claude.capabilities).toBeDefined();
    expect(claude.supported_endpoints).toEqual(['/chat/completions', '/v1/messages']);
  });

  it('creates embeddings (base64, the SDK default)', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'] });
    expect(res.data).toHaveLength(2);
    expect(res.data[0].embedding.length).toBeGreaterThan(8);
    expect(typeof res.data[0].embedding[0]).toBe('number');
  });

  it('answers an unknown model with a 400 that says how to list models', async () => {
    const err = await client.chat.completions
      .create({ model: 'gpt-9000', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.message).toMatch(/GET \/v1\/models/);
  });

  it('answers malformed JSON with a 400', async () => {
    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":',
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('echoes x-trace-id and sends it upstream as x-request-id', async () => {
    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trace-id': 'trace-abc-123' },
      body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'trace me' }] }),
    });
    expect(res.headers.get('x-trace-id')).toBe('trace-abc-123');
    await res.json();
    const upstream = stack.emulator.requests.filter((r) => r.path === '/chat/completions').at(-1)!;
    expect(upstream.headers['x-request-id']).toBe('trace-abc-123');
  });

  it('serves the paths without /v1 too', async () => {
    const res = await fetch(`${stack.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'no v1' }] }),
    });
    expect(res.status).toBe(200);
    expect((await fetch(`${stack.url}/models`)).status).toBe(200);
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });

  it('keeps /token closed without --show-token', async () => {
    const res = await fetch(`${stack.url}/token`);
    expect(res.status).toBe(403);
  });
});
