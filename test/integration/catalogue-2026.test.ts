// The 2026 Copilot catalogue (emulator catalogue2026) through the real SDKs: current ids and
// endpoints, Claude Code's default model and output size, and the Claude id variants.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { catalogue2026, RETIRED_2026 } from '../../src/emulator/catalogue-2026.js';

let stack: LocalStack;
let anthropic: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  stack = await startLocalStack({ emulator: { models: catalogue2026() } });
  anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'unused', maxRetries: 0 });
  openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
});

function lastUpstream(): { path: string; body: Record<string, unknown> } {
  const r = stack.emulator.requests.filter((x) => x.method === 'POST').at(-1)!;
  return { path: r.path, body: r.body as Record<string, unknown> };
}

describe('2026 catalogue', () => {
  it('lists the current models and none of the retired ones', async () => {
    const ids = (await openai.models.list()).data.map((m) => m.id);
    for (const id of ['gpt-5.5', 'gpt-5.6-sol', 'claude-sonnet-5', 'claude-opus-4.8'])
      expect(ids).toContain(id);
    for (const id of RETIRED_2026) expect(ids).not.toContain(id);
  });

  it('gpt-5.5 answers on Responses (passthrough) and on Chat (translated to /responses)', async () => {
    const r = await openai.responses.create({
      model: 'gpt-5.5',
      input: 'hi',
      reasoning: { effort: 'xhigh' },
    });
    expect(r.output_text).toBeTruthy();
    expect(lastUpstream().path).toBe('/responses');
    const c = await openai.chat.completions.create({
      model: 'gpt-5.5',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(c.choices[0].message.content).toBeTruthy();
    expect(lastUpstream().path).toBe('/responses');
  });

  it("Claude Code's default request (claude-opus-4-8, max_tokens 64000) is clamped to the model's limit", async () => {
    const msg = await anthropic.messages
      .stream({
        model: 'claude-opus-4-8',
        max_tokens: 64000,
        thinking: { type: 'enabled', budget_tokens: 31999 },
        messages: [{ role: 'user', content: 'hello' }],
      })
      .finalMessage();
    expect(msg.content.length).toBeGreaterThan(0);
    const sent = lastUpstream().body;
    expect(sent.model).toBe('claude-opus-4.8');
    expect(sent.max_tokens).toBe(32000);
    expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 31999 });
  });

  it('[1m] goes to the 1M-context variant; a raw -high id to its base model at high effort', async () => {
    await anthropic.messages.create({
      model: 'claude-opus-4-8[1m]',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(lastUpstream().body.model).toBe('claude-opus-4.8-1m-internal');
    await anthropic.messages.create({
      model: 'claude-opus-4.8-high',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(lastUpstream().body).toMatchObject({
      model: 'claude-opus-4.8',
      output_config: { effort: 'high' },
    });
  });

  it('a client-set output_config.effort wins over the raw variant, and reaches Copilot', async () => {
    await anthropic.messages.create({
      model: 'claude-sonnet-5-xhigh',
      max_tokens: 100,
      output_config: { effort: 'low' },
      messages: [{ role: 'user', content: 'hi' }],
    } as Anthropic.MessageCreateParamsNonStreaming);
    expect(lastUpstream().body).toMatchObject({ model: 'claude-sonnet-5', output_config: { effort: 'low' } });
  });

  it('a raw effort id keeps its effort on the other ingresses: Chat passthrough and Responses translated', async () => {
    await openai.chat.completions.create({
      model: 'claude-opus-4.8-high',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(lastUpstream()).toMatchObject({
      path: '/chat/completions',
      body: { model: 'claude-opus-4.8', reasoning_effort: 'high' },
    });
    await openai.chat.completions.create({
      model: 'claude-opus-4.8-high',
      reasoning_effort: 'low',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(lastUpstream().body).toMatchObject({ model: 'claude-opus-4.8', reasoning_effort: 'low' });
    const r = await openai.responses.create({ model: 'claude-sonnet-5-xhigh', input: 'hi' });
    expect(r.output_text).toBeTruthy();
    const sent = lastUpstream();
    expect(sent.path).toBe('/v1/messages');
    expect(sent.body.model).toBe('claude-sonnet-5');
    expect(JSON.stringify(sent.body)).toContain('"effort":"xhigh"');
  });
});
