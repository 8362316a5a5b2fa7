// The drift shield and the output clamp through the real @anthropic-ai/sdk and openai clients:
// each field Copilot refuses (the emulator refuses it too: src/emulator/read-drift.test.ts) is
// removed before Copilot sees it, and an over-limit max_tokens is clamped to the served model.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { catalogue2026 } from '../../src/emulator/catalogue-2026.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';
import { memoryLogger } from '../../src/util/log.js';

let stack: LocalStack;
let anthropic: Anthropic;
let openai: OpenAI;
const log = memoryLogger('info');
const records: OutcomeRecord[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ log, emulator: { models: catalogue2026() } });
  anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'unused', maxRetries: 0 });
  openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  stack.gateway.ctx.outcomes.subscribe((r) => records.push(r));
});
afterAll(async () => {
  await stack?.close();
});

type Json = Record<string, unknown>;
const tool = { name: 'Read', description: 'Reads a file', input_schema: { type: 'object' as const } };
const base = {
  model: 'claude-sonnet-5',
  max_tokens: 1024,
  messages: [{ role: 'user' as const, content: 'hello' }],
};

function lastUpstream(path: string): Json {
  const hit = stack.emulator.requests.filter((r) => r.method === 'POST' && r.path === path).at(-1);
  expect(hit, `no upstream ${path} request`).toBeDefined();
  return hit!.body as Json;
}

const FIELDS: Array<[string, Json, (sent: Json) => void]> = [
  [
    'tools[].eager_input_streaming',
    { tools: [{ ...tool, eager_input_streaming: true }] },
    (s) => expect(s.tools).toEqual([tool]),
  ],
  [
    'tools[].custom.eager_input_streaming',
    { tools: [{ ...tool, custom: { eager_input_streaming: true } }] },
    (s) => expect(s.tools).toEqual([tool]),
  ],
  [
    'context_management',
    { context_management: { edits: [] } },
    (s) => expect(s).not.toHaveProperty('context_management'),
  ],
  [
    'system[].cache_control.scope',
    { system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral', scope: 'global' } }] },
    (s) => expect(s.system).toEqual([{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }]),
  ],
  [
    'tools[].defer_loading',
    { tools: [{ ...tool, defer_loading: true }] },
    (s) => expect(s.tools).toEqual([tool]),
  ],
  [
    'tools[].input_examples',
    { tools: [{ ...tool, input_examples: [{}] }] },
    (s) => expect(s.tools).toEqual([tool]),
  ],
  [
    'output_config.format',
    { output_config: { effort: 'high', format: { type: 'json_schema', schema: { type: 'object' } } } },
    (s) => {
      expect(s.output_config).toEqual({ effort: 'high' });
      expect(JSON.stringify(s.system)).toContain('matches this JSON Schema');
    },
  ],
  ['tools[].strict', { tools: [{ ...tool, strict: true }] }, (s) => expect(s.tools).toEqual([tool])],
];

describe('drift shield on /v1/messages passthrough (@anthropic-ai/sdk)', () => {
  for (const [field, extra, check] of FIELDS) {
    for (const stream of [false, true]) {
      it(`${field}${stream ? ' (stream)' : ''}`, async () => {
        const params = { ...base, ...extra } as unknown as Anthropic.MessageCreateParamsNonStreaming;
        const message = stream
          ? await anthropic.messages.stream(params).finalMessage()
          : await anthropic.messages.create(params);
        expect(message.content.length).toBeGreaterThan(0);
        check(lastUpstream('/v1/messages'));
        expect(log.lines.some((l) => l.includes(`removed ${field}`))).toBe(true);
      });
    }
  }

  it('drops the betas Copilot refuses and keeps the ones it accepts', async () => {
    await anthropic.messages.create(base, {
      headers: {
        'anthropic-beta': 'claude-code-20250219,context-1m-2025-08-07,interleaved-thinking-2025-05-14',
      },
    });
    const sent = stack.emulator.requests.filter((r) => r.path === '/v1/messages').at(-1)!;
    expect(sent.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
  });
});

describe('output clamp', () => {
  it("Claude Code's default (claude-opus-4-8, max_tokens 64000, thinking) is served by the account's Claude", async () => {
    const params = {
      ...base,
      model: 'claude-opus-4-8',
      max_tokens: 64000,
      thinking: { type: 'enabled' as const, budget_tokens: 63999 },
    };
    const message = await anthropic.messages.stream(params).finalMessage();
    expect(message.content.length).toBeGreaterThan(0);
    const sent = lastUpstream('/v1/messages');
    expect(sent.max_tokens).toBe(32000);
    expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 31999 });
    expect(log.lines.some((l) => l.includes('max_tokens 64000 → 32000'))).toBe(true);
  });

  it('non-streaming calls are held to max_non_streaming_output_tokens', async () => {
    await anthropic.messages.create({ ...base, max_tokens: 20000 });
    expect(lastUpstream('/v1/messages').max_tokens).toBe(16000);
  });

  it('OpenAI Chat max_tokens above the model limit is clamped (passthrough)', async () => {
    const res = await openai.chat.completions.create({
      model: 'mai-code-1.1-flash',
      max_tokens: 100000,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(res.choices[0].message.content).toBeTruthy();
    expect(lastUpstream('/chat/completions').max_tokens).toBe(32000);
  });

  it('OpenAI Chat on a Claude model (chat passthrough) is clamped too', async () => {
    await openai.chat.completions.create({
      model: 'claude-opus-4.8',
      max_completion_tokens: 100000,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(lastUpstream('/chat/completions').max_completion_tokens).toBe(32000);
  });

  it('OpenAI Responses on a Claude model (translated to /v1/messages) is clamped', async () => {
    const res = await openai.responses.create({
      model: 'claude-sonnet-5',
      max_output_tokens: 100000,
      input: 'hi',
    });
    expect(res.output_text).toBeTruthy();
    expect(lastUpstream('/v1/messages').max_tokens).toBe(16000);
  });
});

describe('changes in the outcome record', () => {
  const last = () => records.at(-1)!;

  it('a removed field and a dropped beta (passthrough)', async () => {
    await anthropic.messages.create(
      { ...base, context_management: { edits: [] } } as unknown as Anthropic.MessageCreateParamsNonStreaming,
      {
        headers: { 'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14' },
      },
    );
    expect(last().passthrough).toBe(true);
    expect(last().changes).toEqual([
      { kind: 'drift', detail: 'removed anthropic-beta claude-code-20250219' },
      { kind: 'drift', detail: 'removed context_management' },
    ]);
  });

  it('a drift field the egress encoder wrote (translated path)', async () => {
    // Responses structured output on a Claude model: the Anthropic encoder writes
    // output_config.format, which the shield turns into a system instruction.
    const res = await openai.responses.create({
      model: 'claude-sonnet-5',
      input: 'hi',
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' } } },
    });
    expect(res.output_text).toBeTruthy();
    expect(last().passthrough).toBe(false);
    expect(last().egress).toBe('/v1/messages');
    expect(last().changes.map((c) => c.kind)).toContain('drift');
    expect(lastUpstream('/v1/messages')).not.toHaveProperty('output_config.format');
  });

  it('nothing changed: no entry', async () => {
    await anthropic.messages.create(base);
    expect(last().changes).toEqual([]);
  });
});
