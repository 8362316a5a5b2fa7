// Copilot's own cost (copilot_usage.total_nano_aiu) reaches the client on translated paths too,
// in each ingress protocol's natural place, as it does on passthrough: Chat and Anthropic at the
// top level of the body (Anthropic streams: the message_delta event; Chat streams: a chunk),
// Responses on the response object (streams: response.completed's response), Gemini inside
// usageMetadata (the one object @google/genai hands over verbatim). Real SDK clients, the
// emulator upstream; each figure is compared with what the emulator billed for that request
// (its billing API) and with the request's outcome record.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { defaultModels } from '../../src/emulator/catalogue.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';
import { fetchAiCreditUsage } from '../../src/github/billing.js';

/** Made a /v1/messages-only model here, so every ingress can be sent to /v1/messages. */
const MESSAGES_ONLY = 'claude-opus-4.6';
const RESPONSES_ONLY = 'gpt-5.4';
const CHAT_ONLY = 'gemini-3.1-pro-preview';

let stack: LocalStack;
let records: OutcomeRecord[] = [];
beforeAll(async () => {
  const models = defaultModels().map((m) =>
    m.id === MESSAGES_ONLY ? { ...m, supported_endpoints: ['/v1/messages'] } : m,
  );
  stack = await startLocalStack({ emulator: { models, githubTokenScopes: ['read:user', 'user'] } });
  stack.gateway.ctx.outcomes.subscribe((r) => records.push(r));
});
afterAll(async () => {
  await stack?.close();
});

/** What the emulator has billed so far this month (nano-AIU). */
async function billed(): Promise<number> {
  const now = new Date();
  const usage = await fetchAiCreditUsage({
    year: now.getUTCFullYear(),
    month: now.getUTCMonth() + 1,
    userAgent: 'test/1',
    githubApiUrl: stack.emulator.githubUrl,
    githubToken: 'ghu_emulator_token',
    user: 'octocat',
  });
  if (!usage.available) throw new Error('billing API unavailable');
  return usage.nanoAiu;
}

// biome-ignore lint/suspicious/noExplicitAny: wire extension fields the SDK types do not name
type Any = any;
const prompt = 'Say hello in a few words [[long:12]]';

/** Sends one request with a real SDK; returns the client-visible copilot_usage block. */
type Send = (model: string, stream: boolean) => Promise<Any>;

const chat: Send = async (model, stream) => {
  const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused' });
  const messages = [{ role: 'user' as const, content: prompt }];
  if (!stream) return ((await client.chat.completions.create({ model, messages })) as Any).copilot_usage;
  let found: Any;
  for await (const chunk of await client.chat.completions.create({ model, messages, stream: true }))
    found = (chunk as Any).copilot_usage ?? found;
  return found;
};

const anthropic: Send = async (model, stream) => {
  const client = new Anthropic({ baseURL: stack.url, apiKey: 'unused' });
  const body = { model, max_tokens: 256, messages: [{ role: 'user' as const, content: prompt }] };
  if (!stream) return ((await client.messages.create(body)) as Any).copilot_usage;
  let found: Any;
  for await (const event of await client.messages.create({ ...body, stream: true }))
    if (event.type === 'message_delta') found = (event as Any).copilot_usage;
  return found;
};

const responses: Send = async (model, stream) => {
  const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused' });
  if (!stream) return ((await client.responses.create({ model, input: prompt })) as Any).copilot_usage;
  let found: Any;
  for await (const event of await client.responses.create({ model, input: prompt, stream: true })) {
    if (event.type !== 'response.completed') continue;
    // On the response object (finalResponse()) and beside it, where Copilot's stream has it.
    expect((event as Any).copilot_usage).toEqual((event.response as Any).copilot_usage);
    found = (event.response as Any).copilot_usage;
  }
  return found;
};

const gemini: Send = async (model, stream) => {
  const ai = new GoogleGenAI({
    apiKey: 'x',
    httpOptions: { baseUrl: stack.url, retryOptions: { attempts: 1 } },
  });
  const req = { model, contents: prompt };
  if (!stream) return ((await ai.models.generateContent(req)).usageMetadata as Any)?.copilotUsage;
  let found: Any;
  for await (const chunk of await ai.models.generateContentStream(req))
    found = (chunk.usageMetadata as Any)?.copilotUsage ?? found;
  return found;
};

const cases: [ingress: string, send: Send, model: string, egress: string][] = [
  ['openai-chat', chat, RESPONSES_ONLY, '/responses'],
  ['openai-chat', chat, MESSAGES_ONLY, '/v1/messages'],
  ['anthropic', anthropic, RESPONSES_ONLY, '/responses'],
  ['anthropic', anthropic, CHAT_ONLY, '/chat/completions'],
  ['openai-responses', responses, MESSAGES_ONLY, '/v1/messages'],
  ['openai-responses', responses, CHAT_ONLY, '/chat/completions'],
  ['gemini', gemini, CHAT_ONLY, '/chat/completions'],
  ['gemini', gemini, RESPONSES_ONLY, '/responses'],
  ['gemini', gemini, MESSAGES_ONLY, '/v1/messages'],
];

describe('copilot_usage on translated paths', () => {
  for (const [ingress, send, model, egress] of cases) {
    for (const stream of [false, true]) {
      it(`${ingress} → ${egress} (${model}), ${stream ? 'stream' : 'non-stream'}`, async () => {
        records = [];
        const before = await billed();
        const usage = await send(model, stream);
        const charged = (await billed()) - before;
        expect(charged).toBeGreaterThan(0);
        expect(usage?.total_nano_aiu).toBe(charged);
        expect(usage.token_details.length).toBeGreaterThan(0);
        const r = records.find((x) => x.resolvedModel === model);
        expect(r).toMatchObject({ ingress, egress, passthrough: false, stream, costNanoAiu: charged });
      });
    }
  }
});
