// The official @anthropic-ai/sdk against gateway + emulator over real sockets, on every egress
// path an Anthropic client can take: native /v1/messages passthrough, translation to /responses,
// and translation to /chat/completions (an OpenAI model and a Gemini model).
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import type { LoggedRequest } from '../../src/emulator/index.js';

let stack: LocalStack;
let client: Anthropic;

beforeAll(async () => {
  stack = await startLocalStack({
    settings: {
      retry: { maxAttempts: 2, maxRetryAfterSec: 1, baseDelayMs: 5 },
      timeouts: { connectMs: 5000, firstByteMs: 10_000, idleMs: 1000 },
    },
  });
  client = new Anthropic({ baseURL: stack.url, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: wire bodies of three protocols, read loosely in assertions
type Json = Record<string, any>;

const INFERENCE = new Set(['/v1/messages', '/responses', '/chat/completions']);

/** Inference requests the gateway sent upstream since `start` (an index into the log). */
function upstreamSince(start: number): LoggedRequest[] {
  return stack.emulator.requests.slice(start).filter((r) => r.method === 'POST' && INFERENCE.has(r.path));
}

function lastUpstream(start: number): LoggedRequest {
  const log = upstreamSince(start);
  expect(log.length, 'no upstream inference request').toBeGreaterThan(0);
  return log.at(-1)!;
}

/** Asks the emulator the very same request again, directly, to read what it answered. */
async function replayToEmulator(req: LoggedRequest): Promise<Json> {
  const headers: Record<string, string> = { ...req.headers };
  for (const h of ['host', 'content-length', 'connection', 'transfer-encoding']) delete headers[h];
  headers.authorization = `Bearer ${stack.emulator.issueCopilotToken()}`;
  const body = { ...(req.body as Json), stream: false };
  if (req.path === '/chat/completions') delete body.stream_options;
  const res = await fetch(`${stack.emulator.copilotUrl}${req.path}${req.query ? `?${req.query}` : ''}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

// 1×1 transparent PNG.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const timeTool: Anthropic.Tool = {
  name: 'get_time',
  description: 'Local time in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

interface EgressCase {
  label: string;
  model: string;
  path: '/v1/messages' | '/responses' | '/chat/completions';
  /** Whether the model answers with thinking when asked (gpt-4.1 has no reasoning). */
  thinks: boolean;
}

const CASES: EgressCase[] = [
  { label: 'messages passthrough', model: 'claude-sonnet-4.5', path: '/v1/messages', thinks: true },
  { label: '→ /responses', model: 'gpt-5-codex', path: '/responses', thinks: true },
  { label: '→ /chat/completions (gpt-4.1)', model: 'gpt-4.1', path: '/chat/completions', thinks: false },
  {
    label: '→ /chat/completions (gemini)',
    model: 'gemini-3.1-pro-preview',
    path: '/chat/completions',
    thinks: true,
  },
];

const textOf = (m: Anthropic.Message) =>
  m.content
    .filter((b): b is Anthropic.TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('');

/** Tool names declared in an upstream request, whatever the protocol. */
function upstreamTools(req: LoggedRequest): string[] {
  const tools = ((req.body as Json).tools ?? []) as Json[];
  return tools.map((t) => t.name ?? t.function?.name);
}

for (const c of CASES) {
  describe(`@anthropic-ai/sdk ${c.label} (${c.model})`, () => {
    it('answers a plain request, on the planned endpoint, with the asked model', async () => {
      const start = stack.emulator.requests.length;
      const msg = await client.messages.create({
        model: c.model,
        max_tokens: 256,
        messages: [{ role: 'user', content: 'Hi there' }],
      });
      expect(msg.type).toBe('message');
      expect(msg.role).toBe('assistant');
      expect(msg.id).toMatch(/^msg_/);
      expect(textOf(msg)).toContain('You said: Hi there');
      expect(msg.stop_reason).toBe('end_turn');
      // Translated answers name the asked model; the native path shows Copilot's (dated) name.
      if (c.path === '/v1/messages') expect(msg.model).toMatch(/^claude-sonnet-4/);
      else expect(msg.model).toBe(c.model);
      const up = lastUpstream(start);
      expect(up.path).toBe(c.path);
      expect((up.body as Json).model).toBe(c.model);
      expect(up.headers['x-initiator']).toBe('user');
    });

    it('streams (messages.stream().finalMessage())', async () => {
      const stream = client.messages.stream({
        model: c.model,
        max_tokens: 512,
        messages: [{ role: 'user', content: 'Stream please [[long:30]]' }],
      });
      let deltas = 0;
      stream.on('text', () => deltas++);
      const msg = await stream.finalMessage();
      expect(deltas).toBeGreaterThan(3);
      expect(textOf(msg).split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(30);
      expect(msg.stop_reason).toBe('end_turn');
      expect(msg.usage.output_tokens).toBeGreaterThan(0);
      expect(msg.usage.input_tokens).toBeGreaterThan(0);
    });

    for (const streamed of [false, true]) {
      it(`completes a parallel tool round trip with is_error and an image result (${streamed ? 'stream' : 'non-stream'})`, async () => {
        const prompt =
          'Weather and time? [[tool:get_weather {"city":"Tokyo"}]] [[tool:get_time {"city":"Tokyo"}]]';
        const params = {
          model: c.model,
          max_tokens: 1024,
          tools: [weatherTool, timeTool],
          messages: [{ role: 'user' as const, content: prompt }],
        };
        const first = streamed
          ? await client.messages.stream(params).finalMessage()
          : await client.messages.create(params);
        expect(first.stop_reason).toBe('tool_use');
        const calls = first.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
        expect(calls.map((b) => b.name)).toEqual(['get_weather', 'get_time']);
        expect(calls.map((b) => b.input)).toEqual([{ city: 'Tokyo' }, { city: 'Tokyo' }]);
        for (const call of calls) expect(call.id).toMatch(/^[a-zA-Z0-9_-]+$/);
        expect(new Set(calls.map((b) => b.id)).size).toBe(2);

        const start = stack.emulator.requests.length;
        const second = await client.messages.create({
          ...params,
          messages: [
            ...params.messages,
            { role: 'assistant', content: first.content },
            {
              role: 'user',
              content: [
                {
                  type: 'tool_result',
                  tool_use_id: calls[0].id,
                  content: [
                    { type: 'text', text: 'Sunny, 21°C' },
                    { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
                  ],
                },
                { type: 'tool_result', tool_use_id: calls[1].id, content: 'clock broken', is_error: true },
              ],
            },
          ],
        });
        expect(second.stop_reason).toBe('end_turn');
        const up = lastUpstream(start);
        if (c.path === '/chat/completions') {
          // Chat tool messages are text-only: both results become tool messages (the error said
          // in words), and the image follows in a user message (pitfall 13). The scripted model
          // then answers that last user turn, so the check is on the upstream request.
          const msgs = (up.body as Json).messages as Json[];
          const tail = msgs.slice(-3);
          expect(tail.map((m) => m.role)).toEqual(['tool', 'tool', 'user']);
          expect(tail[0].content).toContain('Sunny, 21°C');
          expect(tail[1].content).toMatch(/^Error: clock broken/);
          expect(JSON.stringify(tail[2].content)).toContain(`data:image/png;base64,${PNG}`);
        } else {
          expect(textOf(second)).toContain('Sunny, 21°C');
          expect(textOf(second)).toContain('clock broken');
        }
        expect(up.path).toBe(c.path);
        expect(up.headers['x-initiator']).toBe('agent');
        expect(up.headers['copilot-vision-request']).toBe('true');
        expect(upstreamTools(up)).toEqual(['get_weather', 'get_time']);
        const raw = JSON.stringify(up.body);
        expect(raw).toContain(PNG);
        if (c.path === '/v1/messages') expect(raw).toContain('"is_error":true');
      });
    }

    it('sends a base64 image in the user turn with the vision header', async () => {
      const start = stack.emulator.requests.length;
      const msg = await client.messages.create({
        model: c.model,
        max_tokens: 256,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'text', text: 'What is in this picture?' },
            ],
          },
        ],
      });
      expect(textOf(msg)).toContain('What is in this picture?');
      const up = lastUpstream(start);
      expect(up.headers['copilot-vision-request']).toBe('true');
      expect(JSON.stringify(up.body)).toContain(PNG);
    });

    it('thinks with a budget and carries the signature back on the next turn', async () => {
      const params = {
        model: c.model,
        max_tokens: 4096,
        thinking: { type: 'enabled' as const, budget_tokens: 2048 },
        tools: [weatherTool],
        messages: [{ role: 'user' as const, content: 'Weather? [[tool:get_weather {"city":"Oslo"}]]' }],
      };
      const first = await client.messages.stream(params).finalMessage();
      const thinking = first.content.filter((b) => b.type === 'thinking');
      if (!c.thinks) {
        expect(thinking).toEqual([]);
      } else {
        expect(thinking).toHaveLength(1);
        expect(first.content[0].type).toBe('thinking');
        const block = thinking[0] as Anthropic.ThinkingBlock;
        expect(block.thinking).toContain('Thinking about:');
        expect(block.signature.length).toBeGreaterThan(10);
      }
      const call = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
      expect(call.name).toBe('get_weather');
      const start = stack.emulator.requests.length;
      // The emulator rejects an altered or missing signature like the real upstream does.
      const second = await client.messages.create({
        ...params,
        messages: [
          ...params.messages,
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Rain, 9°C' }] },
        ],
      });
      expect(textOf(second)).toContain('Rain, 9°C');
      if (c.thinks) {
        const up = lastUpstream(start);
        const raw = JSON.stringify(up.body);
        if (c.path === '/v1/messages') {
          const signature = (thinking[0] as Anthropic.ThinkingBlock).signature;
          expect(raw).toContain(signature);
        } else if (c.path === '/responses') {
          expect(raw).toContain('encrypted_content');
        } else {
          expect(raw).toContain('reasoning_opaque');
        }
      }
    });

    it('passes stop sequences upstream in the egress shape', async () => {
      const start = stack.emulator.requests.length;
      await client.messages.create({
        model: c.model,
        max_tokens: 256,
        stop_sequences: ['\n\nHuman:', 'STOP'],
        messages: [{ role: 'user', content: 'Count to ten' }],
      });
      const body = lastUpstream(start).body as Json;
      if (c.path === '/v1/messages') expect(body.stop_sequences).toEqual(['\n\nHuman:', 'STOP']);
      else if (c.path === '/chat/completions') expect(body.stop).toEqual(['\n\nHuman:', 'STOP']);
      // /responses has no stop parameter: it is dropped with a warning, never sent.
      else expect(body.stop ?? body.stop_sequences).toBeUndefined();
    });

    it('takes system as a string and as blocks with cache_control', async () => {
      const asString = await client.messages.create({
        model: c.model,
        max_tokens: 256,
        system: 'You are a terse pirate.',
        messages: [{ role: 'user', content: 'Who are you? [[echo-system]]' }],
      });
      expect(textOf(asString)).toContain('You are a terse pirate.');
      const start = stack.emulator.requests.length;
      const asBlocks = await client.messages.create({
        model: c.model,
        max_tokens: 256,
        system: [
          { type: 'text', text: 'You are a terse pirate.' },
          { type: 'text', text: 'Answer in English.', cache_control: { type: 'ephemeral' } },
        ],
        messages: [{ role: 'user', content: 'Who are you? [[echo-system]]' }],
      });
      expect(textOf(asBlocks)).toContain('You are a terse pirate.');
      expect(textOf(asBlocks)).toContain('Answer in English.');
      const raw = JSON.stringify(lastUpstream(start).body);
      // cache_control is Anthropic's: kept on the native path, stripped elsewhere.
      if (c.path === '/v1/messages') expect(raw).toContain('"cache_control":{"type":"ephemeral"}');
      else expect(raw).not.toContain('cache_control');
    });

    it('serves the beta resource (?beta=true)', async () => {
      const start = stack.emulator.requests.length;
      const msg = await client.beta.messages.create({
        model: c.model,
        max_tokens: 256,
        messages: [{ role: 'user', content: 'beta hello' }],
      });
      expect(textOf(msg as unknown as Anthropic.Message)).toContain('You said: beta hello');
      expect(lastUpstream(start).path).toBe(c.path);
      const counted = await client.beta.messages.countTokens({
        model: c.model,
        messages: [{ role: 'user', content: 'beta hello' }],
      });
      expect(counted.input_tokens).toBeGreaterThan(0);
    });

    it('maps every tool_choice form', async () => {
      const forms: Array<[Anthropic.ToolChoice, (body: Json) => void]> = [
        [
          { type: 'auto' },
          (b) => {
            if (c.path === '/v1/messages') expect(b.tool_choice).toEqual({ type: 'auto' });
            else expect(b.tool_choice).toBe('auto');
          },
        ],
        [
          { type: 'any' },
          (b) => {
            if (c.path === '/v1/messages') expect(b.tool_choice).toEqual({ type: 'any' });
            else expect(b.tool_choice).toBe('required');
          },
        ],
        [
          { type: 'tool', name: 'get_time' },
          (b) => {
            if (c.path === '/v1/messages') expect(b.tool_choice).toEqual({ type: 'tool', name: 'get_time' });
            else if (c.path === '/responses')
              expect(b.tool_choice).toEqual({ type: 'function', name: 'get_time' });
            else expect(b.tool_choice).toEqual({ type: 'function', function: { name: 'get_time' } });
          },
        ],
        [
          { type: 'none' },
          (b) => {
            if (c.path === '/v1/messages') expect(b.tool_choice).toEqual({ type: 'none' });
            else expect(b.tool_choice).toBe('none');
          },
        ],
        [
          { type: 'auto', disable_parallel_tool_use: true },
          (b) => {
            if (c.path === '/v1/messages')
              expect(b.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
            else {
              expect(b.tool_choice).toBe('auto');
              expect(b.parallel_tool_calls).toBe(false);
            }
          },
        ],
      ];
      for (const [choice, check] of forms) {
        const start = stack.emulator.requests.length;
        const msg = await client.messages.create({
          model: c.model,
          max_tokens: 256,
          tools: [weatherTool, timeTool],
          tool_choice: choice,
          messages: [{ role: 'user', content: `choice ${choice.type}` }],
        });
        expect(textOf(msg)).toContain(`choice ${choice.type}`);
        check(lastUpstream(start).body as Json);
      }
    });

    for (const streamed of [false, true]) {
      it(`reports usage with input_tokens excluding cache reads (${streamed ? 'stream' : 'non-stream'})`, async () => {
        // ≥ 2048 prompt tokens: the emulator reports a deterministic cached share.
        const long = `${'lorem ipsum dolor sit amet '.repeat(420)}tell me`;
        const params = {
          model: c.model,
          max_tokens: 256,
          messages: [{ role: 'user' as const, content: long }],
        };
        const start = stack.emulator.requests.length;
        const msg = streamed
          ? await client.messages.stream(params).finalMessage()
          : await client.messages.create(params);
        const upstream = await replayToEmulator(lastUpstream(start));
        const u = upstream.usage as Json;
        // What the emulator counted, in its own protocol's convention.
        const [total, cached, output] =
          c.path === '/v1/messages'
            ? [
                u.input_tokens + u.cache_read_input_tokens + (u.cache_creation_input_tokens ?? 0),
                u.cache_read_input_tokens,
                u.output_tokens,
              ]
            : c.path === '/responses'
              ? [u.input_tokens, u.input_tokens_details.cached_tokens, u.output_tokens]
              : [u.prompt_tokens, u.prompt_tokens_details.cached_tokens, u.completion_tokens];
        expect(cached).toBeGreaterThan(0);
        expect(msg.usage.cache_read_input_tokens).toBe(cached);
        expect(msg.usage.input_tokens).toBe(total - cached - (msg.usage.cache_creation_input_tokens ?? 0));
        expect(msg.usage.output_tokens).toBe(output);
      });
    }

    it('turns upstream 429 into 429 rate_limit_error and 503 into 529 overloaded_error', async () => {
      stack.emulator.injectFault({
        match: { path: c.path, model: c.model },
        fault: {
          kind: 'status',
          status: 429,
          headers: { 'retry-after': '120' },
          body: { error: { message: 'rate limit exceeded', code: 'rate_limited' } },
        },
      });
      const limited = await client.messages
        .create({ model: c.model, max_tokens: 64, messages: [{ role: 'user', content: 'x' }] })
        .catch((e) => e);
      expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
      expect(limited.status).toBe(429);
      expect(limited.error?.type).toBe('error');
      expect(limited.error?.error?.type).toBe('rate_limit_error');
      expect(limited.headers.get('retry-after')).toBe('120');

      stack.emulator.injectFault({
        match: { path: c.path, model: c.model },
        times: 2,
        fault: { kind: 'status', status: 503, body: 'upstream provider overloaded' },
      });
      const overloaded = await client.messages
        .create({ model: c.model, max_tokens: 64, messages: [{ role: 'user', content: 'y' }] })
        .catch((e) => e);
      expect(overloaded).toBeInstanceOf(Anthropic.APIError);
      expect(overloaded.status).toBe(529);
      expect(overloaded.error?.error?.type).toBe('overloaded_error');
      stack.emulator.clearFaults();
    });

    it('ends a stream that fails after the first byte with an error event (SDK throws APIError)', async () => {
      // The upstream goes silent after a few events: the idle timeout fires mid-stream, after
      // text has reached the client.
      stack.emulator.injectFault({
        match: { path: c.path, model: c.model },
        fault: { kind: 'silent', afterEvents: 8, silenceMs: 30_000 },
      });
      const stream = client.messages.stream({
        model: c.model,
        max_tokens: 512,
        messages: [{ role: 'user', content: 'stall me [[long:60]]' }],
      });
      let text = '';
      stream.on('text', (t) => (text += t));
      const err = await stream.finalMessage().catch((e) => e);
      expect(err).toBeInstanceOf(Anthropic.APIError);
      expect(err.error?.error?.type).toBe('timeout_error');
      expect(text.length).toBeGreaterThan(0);
      stack.emulator.clearFaults();

      // A cut connection: an `event: error` frame, then a clean end (no message_stop).
      stack.emulator.injectFault({
        match: { path: c.path, model: c.model },
        fault: { kind: 'cut-stream', afterEvents: 6 },
      });
      const res = await fetch(`${stack.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({
          model: c.model,
          max_tokens: 512,
          stream: true,
          messages: [{ role: 'user', content: 'cut me [[long:60]]' }],
        }),
      });
      expect(res.status).toBe(200);
      const sse = await res.text();
      expect(sse).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"[a-z_]+","message":/);
      expect(sse).not.toContain('event: message_stop');
      stack.emulator.clearFaults();
    });
  });
}

describe('@anthropic-ai/sdk: adaptive thinking on claude-opus-4.6', () => {
  it('thinks adaptively and the signature verifies on the next turn', async () => {
    const params = {
      model: 'claude-opus-4.6',
      max_tokens: 8192,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
      tools: [weatherTool],
      messages: [{ role: 'user' as const, content: 'Weather? [[tool:get_weather {"city":"Rome"}]]' }],
    } as unknown as Anthropic.MessageCreateParamsNonStreaming;
    const start = stack.emulator.requests.length;
    const first = await client.messages.stream(params).finalMessage();
    const up = lastUpstream(start);
    expect(up.path).toBe('/v1/messages');
    expect((up.body as Json).thinking).toEqual({ type: 'adaptive' });
    expect(first.content[0].type).toBe('thinking');
    const call = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
    const second = await client.messages.create({
      ...params,
      messages: [
        ...params.messages,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Warm, 25°C' }] },
      ],
    });
    expect(textOf(second)).toContain('Warm, 25°C');
  });
});

describe('@anthropic-ai/sdk: switching models mid-session', () => {
  it('drops /responses reasoning state instead of sending it to Claude as a signature', async () => {
    const params = {
      model: 'gpt-5-codex',
      max_tokens: 4096,
      thinking: { type: 'enabled' as const, budget_tokens: 2048 },
      tools: [weatherTool],
      messages: [{ role: 'user' as const, content: 'Weather? [[tool:get_weather {"city":"Lima"}]]' }],
    };
    const first = await client.messages.create(params);
    const thinking = first.content[0] as Anthropic.ThinkingBlock;
    expect(thinking.signature.startsWith('gwenc1:')).toBe(true);
    const call = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
    const start = stack.emulator.requests.length;
    const second = await client.messages.create({
      ...params,
      model: 'claude-sonnet-4.5',
      messages: [
        ...params.messages,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Fog, 14°C' }] },
      ],
    });
    expect(textOf(second)).toContain('Fog, 14°C');
    const up = lastUpstream(start);
    expect(up.path).toBe('/v1/messages');
    expect(JSON.stringify(up.body)).not.toContain('gwenc1:');
  });
});

describe('@anthropic-ai/sdk: request errors and count_tokens', () => {
  it('answers an unknown model with an Anthropic-shaped 400 listing close matches', async () => {
    const err = await client.messages
      .create({ model: 'gpt-4.2', max_tokens: 64, messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.status).toBe(400);
    expect(err.error.type).toBe('error');
    expect(err.error.error.type).toBe('invalid_request_error');
    expect(err.error.error.message).toMatch(/Close matches: .*gpt-4\.1/);
    expect(err.error.error.message).toMatch(/GET \/v1\/models/);
  });

  it('answers a missing max_tokens with a 400 invalid_request_error', async () => {
    const err = await client.messages
      .create({
        model: 'claude-sonnet-4.5',
        messages: [{ role: 'user', content: 'x' }],
      } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.error.error.type).toBe('invalid_request_error');
    expect(err.error.error.message).toMatch(/max_tokens/);
  });

  it('answers malformed JSON with an Anthropic-shaped 400', async () => {
    const res = await fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
  });

  it('counts tokens plausibly (/v1/messages/count_tokens)', async () => {
    const small = await client.messages.countTokens({
      model: 'claude-sonnet-4.5',
      messages: [{ role: 'user', content: 'Hello, world' }],
    });
    expect(small.input_tokens).toBeGreaterThan(2);
    expect(small.input_tokens).toBeLessThan(30);
    const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(200);
    const big = await client.messages.countTokens({
      model: 'claude-sonnet-4.5',
      system: 'You are helpful.',
      tools: [weatherTool],
      messages: [{ role: 'user', content: prose }],
    });
    // ~2,000 o200k tokens of prose, ×1.15, plus the tool prompt: between 2,000 and 3,500.
    expect(big.input_tokens).toBeGreaterThan(2000);
    expect(big.input_tokens).toBeLessThan(3500);
    expect(stack.emulator.requests.some((r) => r.path.includes('count_tokens'))).toBe(false);
  });
});
