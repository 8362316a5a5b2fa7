import { describe, expect, it } from 'vitest';
import type { TargetModel } from '../ir/codec.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest } from '../ir/types.js';
import { encodeChatRequest } from './encode-request.js';

const gpt41: TargetModel = { id: 'gpt-4.1', maxOutputTokens: 16384 };
const gpt5mini: TargetModel = {
  id: 'gpt-5-mini',
  maxOutputTokens: 64000,
  reasoningEfforts: ['low', 'medium', 'high'],
};
const sonnet: TargetModel = {
  id: 'claude-sonnet-4.5',
  maxOutputTokens: 32000,
  minThinkingBudget: 1024,
  maxThinkingBudget: 32000,
};

const req = (extra: Partial<IRRequest> = {}): IRRequest => ({
  model: 'client-model',
  system: [],
  messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }],
  tools: [],
  stream: false,
  ...extra,
});

describe('encodeChatRequest', () => {
  it('puts the resolved model, system first and streaming usage', () => {
    const body = encodeChatRequest(
      req({
        system: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
        stream: true,
      }),
      gpt41,
      createTestCodecContext(),
    );
    expect(body.model).toBe('gpt-4.1');
    expect(body.messages).toEqual([
      { role: 'system', content: 'a' },
      { role: 'system', content: 'b' },
      { role: 'user', content: 'hi' },
    ]);
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it('splits tool results into tool messages before the rest, images into a following user message', () => {
    const ctx = createTestCodecContext();
    const body = encodeChatRequest(
      req({
        messages: [
          {
            role: 'assistant',
            parts: [
              { type: 'reasoning', text: 'think', signature: 'sig1' },
              { type: 'text', text: '' },
              { type: 'tool-call', callId: 'c1', name: 'shot', arguments: '{}', kind: 'function' },
              { type: 'tool-call', callId: 'c2', name: 'read', arguments: '{"p":1}', kind: 'function' },
            ],
          },
          {
            role: 'user',
            parts: [
              {
                type: 'tool-result',
                callId: 'c1',
                content: [
                  { type: 'text', text: 'screenshot:' },
                  { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAA' } },
                ],
              },
              {
                type: 'tool-result',
                callId: 'c2',
                content: [{ type: 'text', text: 'file body' }],
                isError: true,
              },
              { type: 'text', text: 'what now?' },
            ],
          },
        ],
      }),
      sonnet,
      ctx,
    );
    expect(body.messages).toEqual([
      {
        role: 'assistant',
        content: null,
        reasoning_text: 'think',
        reasoning_opaque: 'sig1',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'shot', arguments: '{}' } },
          { id: 'c2', type: 'function', function: { name: 'read', arguments: '{"p":1}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'screenshot:' },
      { role: 'tool', tool_call_id: 'c2', content: 'Error: file body' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } },
          { type: 'text', text: 'what now?' },
        ],
      },
    ]);
  });

  it('drops unsigned reasoning with a warning', () => {
    const ctx = createTestCodecContext();
    const body = encodeChatRequest(
      req({
        messages: [
          { role: 'user', parts: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            parts: [
              { type: 'reasoning', text: 'foreign', encryptedContent: 'gAAA' },
              { type: 'text', text: 'answer' },
            ],
          },
        ],
      }),
      sonnet,
      ctx,
    );
    expect((body.messages as unknown[])[1]).toEqual({ role: 'assistant', content: 'answer' });
    expect(ctx.warnings.map((w) => w.code)).toContain('dropped-content');
  });

  it('uses max_completion_tokens and reasoning_effort for effort models', () => {
    const ctx = createTestCodecContext();
    const body = encodeChatRequest(
      req({ maxOutputTokens: 1000, reasoning: { effort: 'xhigh' } }),
      gpt5mini,
      ctx,
    );
    expect(body.max_completion_tokens).toBe(1000);
    expect(body.max_tokens).toBeUndefined();
    expect(body.reasoning_effort).toBe('high');
    expect(body.thinking_budget).toBeUndefined();
    expect(ctx.warnings.map((w) => w.code)).toEqual(['clamped']);
  });

  it('maps a budget to the nearest effort for effort models', () => {
    const body = encodeChatRequest(
      req({ reasoning: { enabled: true, budgetTokens: 3000 } }),
      gpt5mini,
      createTestCodecContext(),
    );
    expect(body.reasoning_effort).toBe('low');
  });

  it('uses max_tokens and a clamped thinking_budget for budget models', () => {
    const body = encodeChatRequest(
      req({ maxOutputTokens: 5000, reasoning: { effort: 'high' } }),
      sonnet,
      createTestCodecContext(),
    );
    expect(body.max_tokens).toBe(5000);
    expect(body.thinking_budget).toBe(4999);
    expect(body.reasoning_effort).toBeUndefined();

    const ctx = createTestCodecContext();
    const tiny = encodeChatRequest(
      req({ maxOutputTokens: 500, reasoning: { budgetTokens: 2000 } }),
      sonnet,
      ctx,
    );
    expect(tiny.thinking_budget).toBeUndefined();
    expect(ctx.warnings[0].code).toBe('unsupported-setting');

    const big = encodeChatRequest(
      req({ reasoning: { budgetTokens: 100000 } }),
      sonnet,
      createTestCodecContext(),
    );
    expect(big.thinking_budget).toBe(31999);
  });

  it('sends no reasoning when it is off, warning when the model cannot switch it off', () => {
    const off = encodeChatRequest(req({ reasoning: { enabled: false } }), sonnet, createTestCodecContext());
    expect(off.thinking_budget).toBeUndefined();
    const ctx = createTestCodecContext();
    const none = encodeChatRequest(req({ reasoning: { effort: 'none' } }), gpt5mini, ctx);
    expect(none.reasoning_effort).toBeUndefined();
    expect(ctx.warnings).toHaveLength(1);
  });

  it('wraps custom tools as functions with one string input and drops builtin tools', () => {
    const ctx = createTestCodecContext();
    const body = encodeChatRequest(
      req({
        tools: [
          { kind: 'custom', name: 'apply_patch', description: 'Patch files' },
          { kind: 'builtin', type: 'web_search', raw: { type: 'web_search' }, origin: 'openai-responses' },
        ],
        messages: [
          { role: 'user', parts: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            parts: [
              { type: 'tool-call', callId: 'c', name: 'apply_patch', arguments: 'diff', kind: 'custom' },
            ],
          },
        ],
        toolChoice: { type: 'tool', name: 'apply_patch', kind: 'custom' },
      }),
      gpt41,
      ctx,
    );
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'apply_patch',
          description: 'Patch files',
          parameters: {
            type: 'object',
            properties: { input: { type: 'string', description: 'Raw input' } },
            required: ['input'],
            additionalProperties: false,
          },
        },
      },
    ]);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'apply_patch' } });
    expect((body.messages as Array<Record<string, unknown>>)[1].tool_calls).toEqual([
      { id: 'c', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"diff"}' } },
    ]);
    expect(ctx.warnings.map((w) => w.code)).toEqual(['unsupported-tool']);
  });

  it('emulates allowed_tools by offering only the allowed tools', () => {
    const fn = (name: string) => ({ kind: 'function' as const, name, parameters: { type: 'object' } });
    const body = encodeChatRequest(
      req({
        tools: [fn('a'), fn('b'), fn('c')],
        toolChoice: { type: 'allowed', names: ['a', 'c'], mode: 'required' },
      }),
      gpt41,
      createTestCodecContext(),
    );
    expect((body.tools as Array<{ function: { name: string } }>).map((t) => t.function.name)).toEqual([
      'a',
      'c',
    ]);
    expect(body.tool_choice).toBe('required');
  });

  it('passes sampling, stop and response format; warns about what Copilot lacks', () => {
    const ctx = createTestCodecContext();
    const body = encodeChatRequest(
      req({
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        stop: ['x'],
        seed: 1,
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
        responseFormat: { type: 'json_schema', name: 'o', schema: { type: 'object' }, strict: true },
        verbosity: 'high',
        user: 'u',
        metadata: { a: 'b' },
      }),
      gpt41,
      ctx,
    );
    expect(body).toMatchObject({
      temperature: 0.2,
      top_p: 0.9,
      stop: ['x'],
      seed: 1,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'o', schema: { type: 'object' }, strict: true },
      },
    });
    expect(body.top_k).toBeUndefined();
    expect(ctx.warnings.map((w) => w.message).join(' ')).toMatch(/top_k.*verbosity/);
  });

  it('echoes Gemini thought signatures on tool calls', () => {
    const body = encodeChatRequest(
      req({
        messages: [
          { role: 'user', parts: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool-call',
                callId: 'c',
                name: 'f',
                arguments: '{}',
                kind: 'function',
                meta: { 'openai-chat': { thoughtSignature: 'ts1' } },
              },
            ],
          },
        ],
      }),
      gpt41,
      createTestCodecContext(),
    );
    expect((body.messages as Array<Record<string, unknown>>)[1].tool_calls).toEqual([
      { id: 'c', type: 'function', function: { name: 'f', arguments: '{}', thought_signature: 'ts1' } },
    ]);
  });
});
