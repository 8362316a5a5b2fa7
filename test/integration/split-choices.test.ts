// Copilot's split choices in a Chat stream (a Claude model's tool calls in choice 1, the
// finish_reason on choice 0), through the official openai SDK's stream helper.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { copilotHeaders } from '../../src/emulator/test-support.js';

let stack: LocalStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startLocalStack();
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
});

const tool = (name: string) => ({
  type: 'function' as const,
  function: {
    name,
    description: `the ${name} tool`,
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
});
const tools = [tool('get_weather'), tool('get_time')];
const prompt = 'Both? [[tool:get_weather {"city":"Oslo"}]] [[tool:get_time {"city":"Oslo"}]]';
const MODEL = 'claude-haiku-4.5';

/** The stream helper on the Claude model, noting which choice indexes its chunks carried. */
function watched(api: OpenAI) {
  const stream = api.chat.completions.stream({
    model: MODEL,
    tools,
    messages: [{ role: 'user', content: prompt }],
  });
  const indexes = new Set<number>();
  stream.on('chunk', (c) => {
    for (const choice of c.choices) indexes.add(choice.index);
  });
  return { stream, indexes };
}

describe('split choices in a Chat stream', () => {
  it('the emulator streams them as Copilot does, and the SDK helper fails on them unmerged', async () => {
    // Straight at the emulator: the quirk is there, and the SDK cannot take it.
    const token = stack.emulator.issueCopilotToken();
    const { authorization: _a, 'content-type': _c, ...identity } = copilotHeaders(token);
    const direct = new OpenAI({
      baseURL: stack.emulator.copilotUrl,
      apiKey: token,
      defaultHeaders: identity,
      maxRetries: 0,
    });
    const { stream, indexes } = watched(direct);
    await expect(stream.finalChatCompletion()).rejects.toThrow(/missing finish_reason for choice 1/);
    expect([...indexes].sort()).toEqual([0, 1]);
  });

  it('the gateway merges them: finalChatCompletion has both calls in one choice', async () => {
    const { stream, indexes } = watched(client);
    const done = await stream.finalChatCompletion();
    expect([...indexes]).toEqual([0]);
    expect(done.choices).toHaveLength(1);
    const [choice] = done.choices;
    expect(choice.finish_reason).toBe('tool_calls');
    const calls = (choice.message.tool_calls ?? []).map((c) =>
      c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : [],
    );
    expect(calls).toEqual([
      ['get_weather', { city: 'Oslo' }],
      ['get_time', { city: 'Oslo' }],
    ]);
    // The passthrough was used (no translation), and the usage tap still saw the usage.
    const upstream = stack.emulator.requests.filter((r) => r.path === '/chat/completions').at(-1)!;
    expect((upstream.body as { model: string }).model).toBe(MODEL);
  });

  it('a stream with tools on a GPT model is unchanged by the merger', async () => {
    const done = await client.chat.completions
      .stream({ model: 'gpt-5-mini', tools, messages: [{ role: 'user', content: prompt }] })
      .finalChatCompletion();
    expect(done.choices[0].message.tool_calls?.map((c) => c.type === 'function' && c.function.name)).toEqual([
      'get_weather',
      'get_time',
    ]);
  });
});
