// Copilot may change a Responses item's id between output_item.added and .done; the gateway's
// native passthrough keeps the announced id so clients that key items by id keep working.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ emulator: { responsesIdQuirk: true } });
});
afterAll(async () => {
  await stack?.close();
});

describe('responses passthrough with the item-id quirk', () => {
  it('gives every item one id from added to done to the final response', async () => {
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const stream = await client.responses.create({
      model: 'gpt-5-codex',
      input: 'ids please',
      reasoning: { effort: 'low', summary: 'auto' },
      stream: true,
    });
    const added = new Map<number, string>();
    const done = new Map<number, string>();
    let final: OpenAI.Responses.Response | undefined;
    for await (const e of stream) {
      if (e.type === 'response.output_item.added') added.set(e.output_index, e.item.id!);
      if (e.type === 'response.output_item.done') done.set(e.output_index, e.item.id!);
      if (e.type === 'response.completed') final = e.response;
    }
    expect(added.size).toBeGreaterThan(0);
    expect([...done.entries()]).toEqual([...added.entries()]);
    expect(final?.output.map((o) => o.id)).toEqual([...added.values()]);
  });
});
