// Item 1 of issue 11: a non-stream answer that is read whole must arrive whatever its size, and a
// client that reads slowly must still get it (the upstream body's flow control must not lose a
// wake-up).
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { defaultModels } from '../../src/emulator/catalogue.js';

let stack: LocalStack;
let client: OpenAI;

beforeAll(async () => {
  // The prompt-limit check is off for this model: the point is the size of the answer.
  const models = defaultModels().map((m) => {
    if (m.id !== 'gpt-5-mini') return m;
    const copy = structuredClone(m) as { capabilities: { limits: Record<string, unknown> } };
    delete copy.capabilities.limits.max_prompt_tokens;
    return copy as typeof m;
  });
  stack = await startLocalStack({ emulator: { models } });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 20_000 });
});
afterAll(async () => {
  await stack?.close();
});

describe('large non-stream answers', () => {
  it('a /v1/responses answer above 2 MB arrives whole (the response echoes instructions)', async () => {
    const instructions = 'lorem ipsum '.repeat(180_000);
    const res = await client.responses.create({ model: 'gpt-5-mini', instructions, input: 'hi' });
    expect(res.instructions).toBe(instructions);
    expect(res.status).toBe('completed');
  });
});
