// Chat Completions (openai SDK) on models that Copilot does not serve over /chat/completions:
// the gateway falls back to /responses or /v1/messages, maps the parameters per
// client-protocols.md, and says clearly when no endpoint it knows is usable.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { defaultModels } from '../../src/emulator/catalogue.js';

const MESSAGES_ONLY = 'claude-messages-only-4.5';
const WS_ONLY = 'gpt-5-ws-only';

let stack: LocalStack;
let client: OpenAI;

beforeAll(async () => {
  const models = defaultModels();
  const sonnet = models.find((m) => m.id === 'claude-sonnet-4.5')!;
  const codex = models.find((m) => m.id === 'gpt-5-codex')!;
  models.push(
    { ...structuredClone(sonnet), id: MESSAGES_ONLY, supported_endpoints: ['/v1/messages'] },
    { ...structuredClone(codex), id: WS_ONLY, supported_endpoints: ['ws:/responses'] },
  );
  stack = await startLocalStack({ emulator: { models } });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: loose access to logged JSON bodies
type Json = Record<string, any>;

const INFERENCE = ['/responses', '/v1/messages', '/chat/completions'];
const lastUpstream = () => stack.emulator.requests.filter((r) => INFERENCE.includes(r.path)).at(-1)!;
const upstreamBody = () => lastUpstream().body as Json;

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

const fallbacks: Array<{ kind: string; model: string; endpoint: string }> = [
  { kind: 'responses-only', model: 'gpt-5-codex', endpoint: '/responses' },
  { kind: 'messages-only', model: MESSAGES_ONLY, endpoint: '/v1/messages' },
];

describe.each(fallbacks)('chat completions on a $kind model ($model)', ({ model, endpoint }) => {
  it('answers a plain request', async () => {
    const res = await client.chat.completions.create({
      model,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi there' },
      ],
    });
    expect(lastUpstream().path).toBe(endpoint);
    expect(res.object).toBe('chat.completion');
    expect(res.choices).toHaveLength(1);
    expect(res.choices[0].message.role).toBe('assistant');
    expect(res.choices[0].message.content).toContain('You said: Hi there');
    expect(res.choices[0].finish_reason).toBe('stop');
    expect(res.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage?.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens);
  });

  it('streams, with a usage chunk only when include_usage is asked for', async () => {
    const read = async (includeUsage: boolean) => {
      const stream = await client.chat.completions.create({
        model,
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
        messages: [{ role: 'user', content: 'Stream please [[long:30]]' }],
      });
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      return chunks;
    };
    const plain = await read(false);
    expect(lastUpstream().path).toBe(endpoint);
    const text = plain.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(30);
    expect(plain.filter((c) => c.choices.length > 0).at(-1)?.choices[0].finish_reason).toBe('stop');
    expect(plain.some((c) => c.usage)).toBe(false);

    const withUsage = await read(true);
    const usageChunks = withUsage.filter((c) => c.usage);
    expect(usageChunks).toHaveLength(1);
    expect(withUsage.at(-1)).toBe(usageChunks[0]);
    expect(usageChunks[0].choices).toEqual([]);
    expect(usageChunks[0].usage?.completion_tokens).toBeGreaterThan(0);

    // The stream helper (which throws on a missing finish_reason or role) accepts it too.
    const final = await client.chat.completions
      .stream({ model, messages: [{ role: 'user', content: 'helper' }] })
      .finalChatCompletion();
    expect(final.choices[0].message.content).toContain('You said: helper');
  });

  it('completes a tool round trip', async () => {
    const prompt = 'Weather? [[tool:get_weather {"city":"Tokyo"}]]';
    const first = await client.chat.completions
      .stream({ model, tools: [weatherTool], messages: [{ role: 'user', content: prompt }] })
      .finalChatCompletion();
    expect(lastUpstream().path).toBe(endpoint);
    const call = first.choices[0].message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Tokyo' });
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const second = await client.chat.completions.create({
      model,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: prompt },
        first.choices[0].message,
        { role: 'tool', tool_call_id: call!.id, content: 'Sunny, 21°C' },
      ],
    });
    expect(second.choices[0].message.content).toContain('Tool get_weather returned: Sunny, 21°C');
    expect(lastUpstream().headers['x-initiator']).toBe('agent');
    const sent = upstreamBody();
    if (endpoint === '/responses') {
      const items = sent.input as Json[];
      expect(items.map((i) => i.type ?? 'message')).toEqual([
        'message',
        'message',
        'function_call',
        'function_call_output',
      ]);
      expect(items[2].call_id).toBe(items[3].call_id);
    } else {
      const [, assistant, results] = sent.messages as Json[];
      expect(assistant.content.some((b: Json) => b.type === 'tool_use')).toBe(true);
      expect(results.content[0]).toMatchObject({ type: 'tool_result' });
    }
  });

  it('maps max_tokens, max_completion_tokens, reasoning_effort, developer, parallel_tool_calls and response_format', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' } },
      required: ['answer'],
      additionalProperties: false,
    };
    const res = await client.chat.completions.create({
      model,
      max_completion_tokens: 2000,
      reasoning_effort: 'high',
      parallel_tool_calls: false,
      tools: [weatherTool],
      response_format: { type: 'json_schema', json_schema: { name: 'reply', schema, strict: true } },
      messages: [
        { role: 'developer', content: 'Developer rules.' },
        { role: 'user', content: 'Answer please' },
      ],
    });
    expect(res.choices[0].message.content).toContain('Answer please');
    const sent = upstreamBody();
    if (endpoint === '/responses') {
      expect(sent.max_output_tokens).toBe(2000);
      expect(sent.reasoning).toMatchObject({ effort: 'high' });
      expect(sent.parallel_tool_calls).toBe(false);
      expect(sent.text.format).toMatchObject({ type: 'json_schema', name: 'reply', schema, strict: true });
      expect(JSON.stringify([sent.instructions, sent.input])).toContain('Developer rules.');
      expect(sent).not.toHaveProperty('max_tokens');
      expect(sent).not.toHaveProperty('max_completion_tokens');
      expect(sent).not.toHaveProperty('response_format');
      expect(sent.store).toBe(false);
    } else {
      expect(sent.max_tokens).toBe(2000);
      // effort → budget (client-protocols.md §5): high = 24576, kept below max_tokens.
      expect(sent.thinking?.type).toBe('enabled');
      expect(sent.thinking.budget_tokens).toBeLessThan(2000);
      expect(sent.thinking.budget_tokens).toBeGreaterThanOrEqual(1024);
      expect(sent.tool_choice).toMatchObject({ disable_parallel_tool_use: true });
      // Copilot refuses output_config.format: the drift shield turns it into a system instruction.
      expect(sent.output_config?.format).toBeUndefined();
      expect(JSON.stringify(sent.system)).toContain('matches this JSON Schema');
      expect(JSON.stringify(sent.system)).toContain('Developer rules.');
      expect(sent.messages.every((m: Json) => m.role === 'user' || m.role === 'assistant')).toBe(true);
    }

    // The legacy max_tokens maps the same way.
    await client.chat.completions.create({
      model,
      max_tokens: 1500,
      messages: [{ role: 'user', content: 'legacy' }],
    });
    const legacy = upstreamBody();
    if (endpoint === '/responses') expect(legacy.max_output_tokens).toBe(1500);
    else expect(legacy.max_tokens).toBe(1500);
  });
});

describe('chat completions planning', () => {
  it('answers a model with no usable endpoint with a 400 naming its endpoints', async () => {
    const before = stack.emulator.requests.length;
    const err = await client.chat.completions
      .create({ model: WS_ONLY, messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.message).toContain('ws:/responses');
    expect(err.message).toContain(WS_ONLY);
    expect(err.param).toBe('model');
    expect(stack.emulator.requests.slice(before).some((r) => INFERENCE.includes(r.path))).toBe(false);
  });

  it('sends a legacy model without supported_endpoints to /chat/completions (passthrough)', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4.1',
      max_tokens: 300,
      messages: [
        { role: 'developer', content: 'Dev.' },
        { role: 'user', content: 'legacy model' },
      ],
    });
    expect(res.choices[0].message.content).toContain('legacy model');
    expect(lastUpstream().path).toBe('/chat/completions');
    expect(upstreamBody().max_tokens).toBe(300);
  });

  it('prefers /chat/completions for a chat client on a Claude model that has both', async () => {
    await client.chat.completions.create({
      model: 'claude-sonnet-4.5',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(lastUpstream().path).toBe('/chat/completions');
  });

  it('passes max_completion_tokens and reasoning_effort through on a chat+responses GPT-5 model', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-5-mini',
      max_completion_tokens: 800,
      reasoning_effort: 'low',
      messages: [{ role: 'user', content: 'gpt5 chat' }],
    });
    expect(lastUpstream().path).toBe('/chat/completions');
    expect(upstreamBody()).toMatchObject({ max_completion_tokens: 800, reasoning_effort: 'low' });
    expect(res.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  it('accepts the legacy max_tokens on a GPT-5 chat model (Copilot refuses it there)', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-5-mini',
      max_tokens: 700,
      messages: [{ role: 'user', content: 'old client' }],
    });
    expect(res.choices[0].message.content).toContain('old client');
    const sent = upstreamBody();
    expect(sent.max_completion_tokens).toBe(700);
    expect(sent).not.toHaveProperty('max_tokens');
  });
});
