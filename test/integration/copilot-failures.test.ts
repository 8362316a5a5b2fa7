// Every Copilot failure of copilot-upstream-2026.md §2, injected by name in the emulator, reaches
// each ingress through its official SDK with the right status and type and a message that says
// what to do.
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { catalogue2026 } from '../../src/emulator/catalogue-2026.js';
import type { CopilotFailure } from '../../src/emulator/index.js';

let stack: LocalStack;
let openai: OpenAI;
let anthropic: Anthropic;
let gemini: GoogleGenAI;

beforeAll(async () => {
  // One attempt: the retry loop is tested elsewhere; here each fault answers exactly once.
  stack = await startLocalStack({
    emulator: { models: catalogue2026() },
    settings: { retry: { maxAttempts: 1, maxRetryAfterSec: 1, baseDelayMs: 5 } },
  });
  openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'unused', maxRetries: 0 });
  gemini = new GoogleGenAI({
    apiKey: 'x',
    httpOptions: { baseUrl: stack.url, retryOptions: { attempts: 1 } },
  });
});
afterAll(async () => {
  await stack?.close();
});

interface Expect {
  /** Status on Chat, Anthropic and Responses. */
  status: number;
  /** Status a Gemini client sees (quota and rate limits are 429 RESOURCE_EXHAUSTED there). */
  gemini: number;
  chatType: string;
  anthropicType: string;
  says: RegExp;
  retryAfter?: string;
}

const UPSTREAM = { status: 502, gemini: 502, chatType: 'server_error', anthropicType: 'api_error' };
const INVALID = {
  status: 400,
  gemini: 400,
  chatType: 'invalid_request_error',
  anthropicType: 'invalid_request_error',
};
const LIMITED = {
  status: 429,
  gemini: 429,
  chatType: 'rate_limit_exceeded',
  anthropicType: 'rate_limit_error',
};

const TABLE: Record<CopilotFailure, Expect> = {
  'client-version': {
    ...UPSTREAM,
    says: /no longer accepts this client version; update `identity` in config\.json/,
  },
  quota: {
    status: 402,
    gemini: 429,
    chatType: 'insufficient_quota',
    anthropicType: 'billing_error',
    says: /quota exhausted .*resets at 2099-07-01T00:00:00/,
  },
  'wrong-host': { ...UPSTREAM, says: /421 Misdirected Request.*endpoints\.api/ },
  'no-endpoints': {
    ...INVALID,
    says: /no endpoint for this model.*GET \/v1\/models.*This account lists: .*gpt-5-mini/,
  },
  'off-topic': { ...INVALID, says: /off-topic.*rephrase/ },
  'content-filter': { ...INVALID, status: 422, says: /content filter blocked/ },
  cancelled: { ...UPSTREAM, says: /cancelled the request \(HTTP 499.*retry/ },
  'failed-dependency': { ...UPSTREAM, says: /HTTP 424/ },
  'provider-rate-limit': {
    ...LIMITED,
    says: /model provider behind Copilot is rate limiting/,
    retryAfter: '30',
  },
  'extension-blocked': { ...LIMITED, says: /blocked this client.*5 minutes/, retryAfter: '300' },
  'session-limit': { ...LIMITED, says: /5-hour session limit.*retry after 2733 s/, retryAfter: '2733' },
  'weekly-limit': { ...LIMITED, says: /weekly limit/, retryAfter: '86400' },
};

const inject = (failure: CopilotFailure, path: string) =>
  stack.emulator.injectFault({ match: { path }, fault: { kind: 'copilot-failure', failure } });

describe.each(Object.entries(TABLE) as Array<[CopilotFailure, Expect]>)('%s', (failure, want) => {
  it('OpenAI Chat', async () => {
    inject(failure, '/chat/completions');
    const err = await openai.chat.completions
      .create({ model: 'mai-code-1.1-flash', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    const e = err as InstanceType<typeof OpenAI.APIError>;
    expect(e.status).toBe(want.status);
    expect((e.error as { type?: string }).type).toBe(want.chatType);
    expect(e.message).toMatch(want.says);
    if (want.retryAfter) expect(e.headers?.get('retry-after')).toBe(want.retryAfter);
  });

  it('Anthropic Messages', async () => {
    inject(failure, '/v1/messages');
    const err = await anthropic.messages
      .create({ model: 'claude-sonnet-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    const e = err as InstanceType<typeof Anthropic.APIError>;
    // Anthropic has no 422 status of its own meaning; the SDK still sees the status as sent.
    expect(e.status).toBe(want.status);
    expect((e.error as { error?: { type?: string } }).error?.type).toBe(want.anthropicType);
    expect(e.message).toMatch(want.says);
  });

  it('OpenAI Responses (stream)', async () => {
    inject(failure, '/responses');
    const err = await (async () => {
      const stream = await openai.responses.create({ model: 'gpt-5.5', input: 'hi', stream: true });
      for await (const _ of stream) {
        // an error must come before any event
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    const e = err as InstanceType<typeof OpenAI.APIError>;
    expect(e.status).toBe(want.status);
    expect(e.message).toMatch(want.says);
  });

  it('Gemini', async () => {
    inject(failure, '/chat/completions');
    const err = await gemini.models
      .generateContent({ model: 'gemini-3.5-flash', contents: 'hi' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(want.gemini);
    expect(JSON.parse(e.message).error.message).toMatch(want.says);
  });
});
