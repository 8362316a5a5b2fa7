// Context management through the gateway over real sockets, driven by the official SDKs: trim
// on every ingress gets an over-limit history through the emulator's prompt limit; mode off
// answers each client's own 400 before anything reaches Copilot; summarize calls the small model
// once per prefix; Responses compaction passes through on responses models; extraPrompts and
// reasoningEffort reach the upstream body.
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claudeCodeHistory,
  codexHistory,
  geminiHistory,
  prose,
} from '../../src/context/__fixtures__/histories.js';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import type { LoggedRequest } from '../../src/emulator/types.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';

type Json = Record<string, unknown>;
let trimStack: LocalStack;
let offStack: LocalStack;
const records: OutcomeRecord[] = [];

beforeAll(async () => {
  [trimStack, offStack] = await Promise.all([
    startLocalStack({
      settings: {
        smallModel: 'gpt-5-mini',
        contextManagement: { mode: 'trim', models: { 'gpt-5.4': 'summarize' }, marginPercent: 5 },
        extraPrompts: { 'gpt-4.1': 'EXTRA-PROMPT-MARKER' },
        reasoningEffort: { 'gpt-5-mini': 'high' },
      },
    }),
    startLocalStack({ settings: { contextManagement: { mode: 'off', models: {}, marginPercent: 5 } } }),
  ]);
  trimStack.gateway.ctx.outcomes.subscribe((r) => records.push(r));
});

/** The one outcome record of the request with this trace id. */
function recordOf(traceId: string | null): OutcomeRecord {
  const found = records.filter((r) => r.traceId === traceId);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** A trim that dropped turns, as the outcome record tells it (figures and readable change). */
function expectTrimmed(r: OutcomeRecord): void {
  expect(r.context?.mode).toBe('trim');
  expect(r.context?.messagesDropped).toBeGreaterThan(0);
  expect(r.context?.tokensAfter).toBeLessThan(r.context?.tokensBefore ?? 0);
  expect(r.changes.map((c) => c.kind)).toContain('context-trim');
}
afterAll(async () => {
  await Promise.all([trimStack?.close(), offStack?.close()]);
});

const anthropic = (s: LocalStack) => new Anthropic({ baseURL: s.url, apiKey: 'unused', maxRetries: 0 });
const openai = (s: LocalStack) => new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'unused', maxRetries: 0 });
const gemini = (s: LocalStack) =>
  new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl: s.url, retryOptions: { attempts: 1 } } });
const inference = (s: LocalStack, since: number): LoggedRequest[] =>
  s.emulator.requests.slice(since).filter((r) => r.method === 'POST');

function chatHistory(steps: number, chars: number): OpenAI.ChatCompletionMessageParam[] {
  const messages: OpenAI.ChatCompletionMessageParam[] = [
    { role: 'system', content: 'You are a coding agent.' },
    { role: 'user', content: `TASK: ${prose(9, 200)}` },
  ];
  for (let i = 0; i < steps; i++) {
    messages.push({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: `call_${i}`, type: 'function', function: { name: 'read', arguments: `{"f":"${i}"}` } },
      ],
    });
    messages.push({ role: 'tool', tool_call_id: `call_${i}`, content: prose(900 + i, chars) });
  }
  messages.push({ role: 'user', content: 'and now?' });
  return messages;
}
const chatTools: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'read', parameters: { type: 'object', properties: { f: { type: 'string' } } } },
  },
];

describe('trim (default) on every ingress', () => {
  it('Anthropic Messages: the trimmed history reaches /v1/messages and is answered', async () => {
    const since = trimStack.emulator.requests.length;
    const body = claudeCodeHistory(60, 12_000);
    // Claude Code streams; so does the SDK for a max_tokens this large.
    const stream = anthropic(trimStack).messages.stream({
      ...body,
      stream: true,
    } as unknown as Anthropic.MessageStreamParams);
    const msg = await stream.finalMessage();
    expect(msg.type).toBe('message');
    const r = recordOf((await stream.withResponse()).response.headers.get('x-trace-id'));
    expect(r).toMatchObject({ passthrough: true, egress: '/v1/messages' });
    expectTrimmed(r);
    const [up] = inference(trimStack, since);
    expect(up.path).toBe('/v1/messages');
    const sent = (up.body as Json).messages as Json[];
    expect(sent.length).toBeLessThan(body.messages.length);
    expect(sent[0]).toEqual(body.messages[0]);
  });

  it('Chat Completions: tool messages leave with their calls', async () => {
    const since = trimStack.emulator.requests.length;
    const messages = chatHistory(45, 12_000);
    const r = await openai(trimStack).chat.completions.create({
      model: 'gpt-4.1',
      messages,
      tools: chatTools,
    });
    expect(r.choices[0].message).toBeDefined();
    const sent = (inference(trimStack, since)[0].body as Json).messages as Json[];
    expect(sent.length).toBeLessThan(messages.length);
    expect(sent.slice(0, 2).map((m) => m.role)).toEqual(['system', 'system']);
    expect(sent[1].content).toBe('EXTRA-PROMPT-MARKER');
    expect(sent[2]).toEqual(messages[1]);
    expect(sent[3].role).toBe('assistant');
  });

  it('Responses: reasoning items and calls are dropped together (Codex shape)', async () => {
    const since = trimStack.emulator.requests.length;
    const body = codexHistory(50, 14_000);
    const r = await openai(trimStack).responses.create(
      body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
    );
    expect(r.status).toBe('completed');
    const sent = (inference(trimStack, since)[0].body as Json).input as Json[];
    expect(sent.length).toBeLessThan(body.input.length);
    expect(sent[2].type).toBe('reasoning');
  });

  it('Responses chained: the input expanded from previous_response_id is trimmed; the store keeps it whole', async () => {
    const first = { ...codexHistory(20, 14_000), store: true };
    const r1 = await openai(trimStack).responses.create(
      first as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
    );
    expect(r1.status).toBe('completed');
    const since = trimStack.emulator.requests.length;
    // The next turn: another 20 tool steps (their own call ids) after the stored conversation.
    const more = codexHistory(20, 14_000)
      .input.slice(2)
      .map((item) => {
        const it = item as Json;
        return typeof it.call_id === 'string' ? { ...it, call_id: `next_${it.call_id}` } : it;
      });
    const r2 = await openai(trimStack).responses.create({
      model: 'gpt-5-codex',
      previous_response_id: r1.id,
      input: more as OpenAI.Responses.ResponseInput,
    });
    expect(r2.status).toBe('completed');
    const expanded = first.input.length + r1.output.length + more.length;
    const sent = (inference(trimStack, since)[0].body as Json).input as Json[];
    expect(sent.length).toBeLessThan(expanded);
    expect(sent.at(-1)).toEqual(more.at(-1));
    expectTrimmed(records.filter((x) => x.path === '/v1/responses').at(-1)!);
    expect((await trimStack.gateway.ctx.responses?.get(r2.id))?.input).toHaveLength(expanded);
  });

  it('Gemini: through the IR to /chat/completions', async () => {
    const since = trimStack.emulator.requests.length;
    const g = geminiHistory(40, 16_000);
    const r = await gemini(trimStack).models.generateContent({
      model: 'gemini-3.1-pro-preview',
      contents: g.contents as never,
      config: { systemInstruction: g.systemInstruction as never, tools: g.tools as never },
    });
    expect(r.candidates?.length).toBe(1);
    const rec = records.filter((x) => x.ingress === 'gemini').at(-1);
    expect(rec).toMatchObject({ passthrough: false, egress: '/chat/completions' });
    expectTrimmed(rec!);
    const sent = (inference(trimStack, since)[0].body as Json).messages as Json[];
    expect(sent.length).toBeLessThan(g.contents.length);
  });
});

describe('mode off: the client’s own 400 before anything is sent', () => {
  it('Anthropic', async () => {
    const since = offStack.emulator.requests.length;
    const err = await anthropic(offStack)
      .messages.stream(claudeCodeHistory(60, 12_000) as unknown as Anthropic.MessageStreamParams)
      .finalMessage()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const e = err as InstanceType<typeof Anthropic.BadRequestError>;
    expect((e.error as Json).error).toMatchObject({ type: 'invalid_request_error' });
    expect(e.message).toMatch(/prompt is too long: \d+ tokens > 168000 maximum/);
    expect(inference(offStack, since)).toEqual([]);
  });

  it('Chat Completions', async () => {
    const since = offStack.emulator.requests.length;
    const err = await openai(offStack)
      .chat.completions.create({ model: 'gpt-4.1', messages: chatHistory(45, 12_000), tools: chatTools })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('context_length_exceeded');
    expect((err as Error).message).toMatch(/> 128000 maximum/);
    expect(inference(offStack, since)).toEqual([]);
  });

  it('Responses', async () => {
    const err = await openai(offStack)
      .responses.create(
        codexHistory(50, 14_000) as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('context_length_exceeded');
  });

  it('Gemini', async () => {
    const g = geminiHistory(40, 16_000);
    const err = await gemini(offStack)
      .models.generateContent({ model: 'gemini-3.1-pro-preview', contents: g.contents as never })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).message).toContain('prompt is too long');
  });
});

describe('Copilot’s own overflow answers', () => {
  it('map to the same context_length_exceeded error, on passthrough and translated paths', async () => {
    trimStack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: {
        kind: 'status',
        status: 400,
        body: {
          error: {
            message: 'prompt token count of 130001 exceeds the limit of 128000',
            code: 'model_max_prompt_tokens_exceeded',
            type: 'invalid_request_error',
          },
        },
      },
    });
    const err = await openai(trimStack)
      .chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('context_length_exceeded');
    expect((err as Error).message).toContain(
      'prompt is too long: 130001 tokens > 128000 maximum (counted by Copilot',
    );

    trimStack.emulator.injectFault({
      match: { path: '/v1/messages' },
      fault: {
        kind: 'status',
        status: 400,
        body: {
          type: 'error',
          error: {
            type: 'invalid_request_error',
            message: 'prompt is too long: 170000 tokens > 168000 maximum',
          },
        },
      },
    });
    const viaResponses = await openai(trimStack)
      .responses.create({ model: 'claude-sonnet-4.5', input: 'hi' })
      .catch((e: unknown) => e);
    expect((viaResponses as InstanceType<typeof OpenAI.BadRequestError>).code).toBe(
      'context_length_exceeded',
    );
    expect((viaResponses as Error).message).toContain('170000 tokens > 168000 maximum (counted by Copilot');
  });
});

describe('summarize and Responses compaction', () => {
  it('summarises once with the small model, then reuses the cached summary', async () => {
    const since = trimStack.emulator.requests.length;
    const body = { ...codexHistory(110, 14_000), model: 'gpt-5.4' };
    const client = openai(trimStack);
    await client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    const first = inference(trimStack, since);
    expect(first.map((r) => [r.path, (r.body as Json).model])).toEqual([
      ['/chat/completions', 'gpt-5-mini'],
      ['/responses', 'gpt-5.4'],
    ]);
    expect(first[0].headers['x-initiator']).toBe('agent');
    const sent = (first[1].body as Json).input as Json[];
    expect(JSON.stringify(sent[2])).toContain('Summary of the earlier part');

    const again = trimStack.emulator.requests.length;
    body.input.push(
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'more' }] },
    );
    await client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    expect(inference(trimStack, again).map((r) => r.path)).toEqual(['/responses']);
  });

  it('passes context_management through on a responses model; the compaction item comes back', async () => {
    const since = trimStack.emulator.requests.length;
    const cm = [{ type: 'compaction', compact_threshold: 2000 }];
    const params = {
      model: 'gpt-5-codex',
      input: `hello ${prose(11, 20_000)}`,
      context_management: cm,
    } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming;
    const r = await openai(trimStack).responses.create(params);
    const [up] = inference(trimStack, since);
    expect(up.path).toBe('/responses');
    expect((up.body as Json).context_management).toEqual(cm);
    expect((r.output[0] as { type: string }).type).toBe('compaction');
    // Codex streams and keeps the items of output_item.done.
    const stream = await openai(trimStack).responses.create({
      ...params,
      stream: true,
    } as OpenAI.Responses.ResponseCreateParamsStreaming);
    const done: string[] = [];
    for await (const e of stream) if (e.type === 'response.output_item.done') done.push(e.item.type);
    expect(done).toEqual(['compaction', 'message']);
  });

  it('emulates compaction with the summariser on a model without /responses', async () => {
    const since = trimStack.emulator.requests.length;
    const body = {
      ...codexHistory(12, 4_000),
      model: 'claude-sonnet-4.5',
      context_management: [{ type: 'compaction', compact_threshold: 8000 }],
    };
    await openai(trimStack).responses.create(
      body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
    );
    const ups = inference(trimStack, since);
    expect(ups.map((r) => r.path)).toEqual(['/chat/completions', '/v1/messages']);
    expect((ups[0].body as Json).model).toBe('gpt-5-mini');
  });

  it('applies the configured default reasoning effort when the client sends none', async () => {
    const since = trimStack.emulator.requests.length;
    await openai(trimStack).chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    await openai(trimStack).chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'hi' }],
      reasoning_effort: 'low',
    });
    const ups = inference(trimStack, since);
    expect(ups.map((r) => (r.body as Json).reasoning_effort)).toEqual(['high', 'low']);
  });
});
