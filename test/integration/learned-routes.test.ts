// Routes learned from Copilot's refusals: an account whose /models has no endpoint metadata
// (some enterprise seats). The planner assumes /chat/completions; a Responses-only model answers
// 400 unsupported_api_for_model (or 421) there; the gateway tries the next endpoint once before
// the first byte, answers the client, and plans the working endpoint at once from then on.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';

const stacks: LocalStack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.close();
});

async function stackWith(hide: boolean | 'misdirected') {
  const stack = await startLocalStack({ emulator: { hideEndpointMetadata: hide } });
  stacks.push(stack);
  const records: OutcomeRecord[] = [];
  stack.gateway.ctx.outcomes.subscribe((r) => records.push(r));
  const openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const inference = (from: number) =>
    stack.emulator.requests
      .slice(from)
      .filter((r) => r.server === 'copilot' && r.method === 'POST')
      .map((r) => r.path);
  return { stack, records, openai, inference };
}

/** Copilot's refusal of a model on an endpoint, injected (the emulator's own wording). */
function refuseOn(stack: LocalStack, path: string, model: string): void {
  stack.emulator.injectFault({
    match: { path },
    fault: {
      kind: 'status',
      status: 400,
      body: {
        error: {
          message: `model "${model}" is not accessible via the ${path} endpoint`,
          code: 'unsupported_api_for_model',
          type: 'invalid_request_error',
        },
      },
    },
  });
}

describe('routes learned from failures', () => {
  it('Chat on a Responses-only model: refused on /chat/completions, served on /responses, then planned there', async () => {
    const { stack, records, openai, inference } = await stackWith(true);
    let from = stack.emulator.requests.length;
    const first = await openai.chat.completions.create({
      model: 'gpt-5-codex',
      messages: [{ role: 'user', content: 'first' }],
    });
    expect(first.choices[0].message.content).toContain('You said: first');
    expect(inference(from)).toEqual(['/chat/completions', '/responses']);
    const record = records.at(-1)!;
    expect(record.egress).toBe('/responses');
    expect(record.changes.map((c) => c.kind)).toContain('route');
    const accountId = record.accountId!;
    expect(stack.gateway.ctx.learnedRoutes.get('gpt-5-codex', accountId)).toBe('/responses');

    // Learned: the next request (a stream, through the SDK's helper) goes there at once.
    from = stack.emulator.requests.length;
    const streamed = await openai.chat.completions
      .stream({ model: 'gpt-5-codex', messages: [{ role: 'user', content: 'second' }] })
      .finalChatCompletion();
    expect(streamed.choices[0].message.content).toContain('You said: second');
    expect(inference(from)).toEqual(['/responses']);
    expect(records.at(-1)!.changes.map((c) => c.kind)).not.toContain('route');
  });

  it('Responses ingress: the retry on /responses is a passthrough, streamed', async () => {
    const { stack, records, openai, inference } = await stackWith(true);
    const from = stack.emulator.requests.length;
    const stream = await openai.responses.create({
      model: 'gpt-5.4',
      input: 'over the stream',
      stream: true,
    });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    expect(text).toContain('You said: over the stream');
    expect(inference(from)).toEqual(['/chat/completions', '/responses']);
    expect(records.at(-1)).toMatchObject({ egress: '/responses', passthrough: true, status: 200 });
  });

  it('a 421 on the wrong endpoint is taken the same way (Anthropic SDK)', async () => {
    const { stack, inference } = await stackWith('misdirected');
    const anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'unused', maxRetries: 0 });
    const from = stack.emulator.requests.length;
    const msg = await anthropic.messages.create({
      model: 'gpt-5-codex',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'misdirected' }],
    });
    expect(msg.content[0].type === 'text' && msg.content[0].text).toContain('You said: misdirected');
    expect(inference(from)).toEqual(['/chat/completions', '/responses']);
  });

  it('a model with endpoint metadata gets Copilot’s refusal as it is, with one call', async () => {
    const { stack, openai, inference } = await stackWith(false);
    refuseOn(stack, '/chat/completions', 'gpt-5-mini');
    const from = stack.emulator.requests.length;
    const err = await openai.chat.completions
      .create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect(inference(from)).toEqual(['/chat/completions']);
    expect(stack.gateway.ctx.learnedRoutes.size).toBe(0);
  });

  it('tries once only: a model no endpoint takes ends in Copilot’s refusal', async () => {
    const { stack, openai, inference } = await stackWith(true);
    // Refuse the retry too: the client gets the error, after exactly two calls.
    refuseOn(stack, '/responses', 'gpt-5-codex');
    const from = stack.emulator.requests.length;
    const err = await openai.chat.completions
      .create({ model: 'gpt-5-codex', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect(inference(from)).toEqual(['/chat/completions', '/responses']);
    expect(stack.gateway.ctx.learnedRoutes.size).toBe(0);
  });
});
