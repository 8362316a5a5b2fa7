import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TargetModel } from '../ir/codec.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest } from '../ir/types.js';
import { decodeAnthropicRequest } from './decode-request.js';
import { encodeAnthropicRequest } from './encode-request.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary wire JSON
type Obj = Record<string, any>;

const sonnet: TargetModel = {
  id: 'claude-sonnet-4.5',
  maxOutputTokens: 32000,
  maxNonStreamingOutputTokens: 16000,
  minThinkingBudget: 1024,
  maxThinkingBudget: 32000,
  vision: true,
};
const opus: TargetModel = {
  ...sonnet,
  id: 'claude-opus-4.6',
  adaptiveThinking: true,
  reasoningEfforts: ['low', 'medium', 'high'],
};

function ir(over: Partial<IRRequest>): IRRequest {
  return {
    model: 'client-model',
    system: [],
    messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }],
    tools: [],
    stream: true,
    ...over,
  };
}

function encode(req: IRRequest, target: TargetModel = sonnet) {
  const ctx = createTestCodecContext();
  return { body: encodeAnthropicRequest(req, target, ctx) as Obj, ctx };
}

describe('encodeAnthropicRequest', () => {
  it('re-encodes the Claude Code fixture faithfully (messages → messages)', () => {
    const raw = JSON.parse(
      readFileSync(new URL('./__fixtures__/claude-code-request.json', import.meta.url), 'utf8'),
    );
    const req = decodeAnthropicRequest(raw, createTestCodecContext());
    const { body, ctx } = encode(req);
    expect(body.model).toBe('claude-sonnet-4.5');
    expect(body.system).toEqual(raw.system);
    // A single text block in a tool_result is sent in its equivalent string form.
    const expected = structuredClone(raw.messages);
    expected[2].content[0].content = '18°C, light rain';
    expect(body.messages).toEqual(expected);
    expect(body.tools).toEqual(raw.tools);
    expect(body.tool_choice).toEqual(raw.tool_choice);
    expect(body.thinking).toEqual(raw.thinking);
    expect(body.metadata).toEqual(raw.metadata);
    expect(body.context_management).toEqual(raw.context_management);
    expect(body.max_tokens).toBe(32000);
    expect(ctx.warnings).toEqual([]);
  });

  it('puts tool results first and merges consecutive same-role messages (pitfall 1)', () => {
    const { body } = encode(
      ir({
        messages: [
          { role: 'user', parts: [{ type: 'text', text: 'go' }] },
          {
            role: 'assistant',
            parts: [
              { type: 'tool-call', callId: 'call_1', name: 'f', arguments: '{"a":1}', kind: 'function' },
            ],
          },
          {
            role: 'assistant',
            parts: [{ type: 'tool-call', callId: 'call_2', name: 'f', arguments: '', kind: 'function' }],
          },
          { role: 'user', parts: [{ type: 'text', text: 'also this' }] },
          {
            role: 'user',
            parts: [
              { type: 'tool-result', callId: 'call_1', content: [{ type: 'text', text: 'one' }] },
              { type: 'tool-result', callId: 'call_2', content: [], isError: true },
            ],
          },
        ],
      }),
    );
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
          { type: 'tool_use', id: 'call_2', name: 'f', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'one' },
          { type: 'tool_result', tool_use_id: 'call_2', is_error: true },
          { type: 'text', text: 'also this' },
        ],
      },
    ]);
  });

  it('sanitises tool ids the same way for call and result', () => {
    const { body } = encode(
      ir({
        messages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool-call',
                callId: 'functions.Bash:0',
                name: 'Bash',
                arguments: '{}',
                kind: 'function',
              },
            ],
          },
          {
            role: 'user',
            parts: [
              { type: 'tool-result', callId: 'functions.Bash:0', content: [{ type: 'text', text: 'ok' }] },
            ],
          },
        ],
      }),
    );
    const id = body.messages[0].content[0].id;
    expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(body.messages[1].content[0].tool_use_id).toBe(id);
  });

  it('keeps signed thinking first, drops foreign reasoning and empty text with warnings', () => {
    const { body, ctx } = encode(
      ir({
        messages: [
          { role: 'user', parts: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            parts: [
              { type: 'text', text: '  ' },
              { type: 'text', text: 'answer' },
              { type: 'reasoning', text: 'why', signature: 'sig1' },
              { type: 'reasoning', text: 'openai summary', encryptedContent: 'gAAAA' },
              { type: 'reasoning', text: '', redactedData: 'red' },
            ],
          },
          { role: 'assistant', parts: [{ type: 'reasoning', text: 'only thinking', signature: 'sig2' }] },
        ],
      }),
    );
    expect(body.messages[1].content).toEqual([
      { type: 'thinking', thinking: 'why', signature: 'sig1' },
      { type: 'redacted_thinking', data: 'red' },
      { type: 'thinking', thinking: 'only thinking', signature: 'sig2' },
      { type: 'text', text: 'answer' },
    ]);
    expect(ctx.warnings.map((w) => w.code)).toEqual(['dropped-content']);
  });

  it('drops a trailing assistant turn that is only thinking', () => {
    const { body, ctx } = encode(
      ir({
        messages: [
          { role: 'user', parts: [{ type: 'text', text: 'q' }] },
          { role: 'assistant', parts: [{ type: 'reasoning', text: 't', signature: 's' }] },
        ],
      }),
    );
    expect(body.messages).toHaveLength(1);
    expect(ctx.warnings[0]!.message).toMatch(/only thinking/);
  });

  it('defaults max_tokens from the model and caps non-streaming requests', () => {
    expect(encode(ir({ stream: true })).body.max_tokens).toBe(32000);
    expect(encode(ir({ stream: false })).body.max_tokens).toBe(16000);
    const { body, ctx } = encode(ir({ maxOutputTokens: 64000 }));
    expect(body.max_tokens).toBe(32000);
    expect(ctx.warnings[0]!.code).toBe('clamped');
  });

  it('maps effort to a budget, clamps budgets, and drops temperature/top_k under thinking', () => {
    const a = encode(
      ir({ maxOutputTokens: 20000, reasoning: { effort: 'high' }, temperature: 0.3, topK: 5 }),
    );
    expect(a.body.thinking).toEqual({ type: 'enabled', budget_tokens: 19999 });
    expect(a.body.temperature).toBeUndefined();
    expect(a.body.top_k).toBeUndefined();
    expect(a.ctx.warnings.map((w) => w.code)).toEqual(['unsupported-setting', 'unsupported-setting']);

    expect(encode(ir({ maxOutputTokens: 8000, reasoning: { effort: 'low' } })).body.thinking).toEqual({
      type: 'enabled',
      budget_tokens: 4096,
    });
    expect(encode(ir({ reasoning: { enabled: true, budgetTokens: 100 } })).body.thinking).toEqual({
      type: 'enabled',
      budget_tokens: 1024,
    });
    const tooSmall = encode(ir({ maxOutputTokens: 1000, reasoning: { enabled: true, budgetTokens: 2000 } }));
    expect(tooSmall.body.thinking).toBeUndefined();
    expect(tooSmall.ctx.warnings[0]!.message).toMatch(/thinking disabled/);
    expect(encode(ir({ reasoning: { enabled: false } })).body.thinking).toBeUndefined();
  });

  it('turns thinking off when the answered tool-calling turn lost its thinking block (pitfall 4)', () => {
    const messages: IRRequest['messages'] = [
      { role: 'user', parts: [{ type: 'text', text: 'q' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool-call', callId: 'c1', name: 'f', arguments: '{}', kind: 'function' }],
      },
      {
        role: 'user',
        parts: [{ type: 'tool-result', callId: 'c1', content: [{ type: 'text', text: 'r' }] }],
      },
    ];
    const lost = encode(ir({ messages, reasoning: { effort: 'high' } }));
    expect(lost.body.thinking).toBeUndefined();
    expect(lost.ctx.warnings[0]!.message).toMatch(/thinking disabled/);
    const signed = structuredClone(messages);
    signed[1]!.parts.unshift({ type: 'reasoning', text: 'plan', signature: 'sig' });
    expect(encode(ir({ messages: signed, reasoning: { effort: 'high' } })).body.thinking).toEqual({
      type: 'enabled',
      budget_tokens: 24576,
    });
  });

  it('sends effort beside a budget only to models that offer it', () => {
    const both = { enabled: true, budgetTokens: 4000, effort: 'high' as const };
    expect(encode(ir({ reasoning: both }), { ...opus, adaptiveThinking: false }).body).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 4000 },
      output_config: { effort: 'high' },
    });
    const sonnetOut = encode(ir({ reasoning: both }));
    expect(sonnetOut.body.output_config).toBeUndefined();
    expect(sonnetOut.ctx.warnings[0]!.message).toMatch(/not offered/);
  });

  it('uses adaptive thinking + output_config.effort when the model supports it', () => {
    const { body } = encode(ir({ reasoning: { effort: 'medium' } }), opus);
    expect(body.thinking).toEqual({ type: 'adaptive' });
    expect(body.output_config).toEqual({ effort: 'medium' });
    const minimal = encode(ir({ reasoning: { effort: 'minimal' } }), opus);
    expect(minimal.body.output_config).toEqual({ effort: 'low' });
    expect(minimal.ctx.warnings[0]!.code).toBe('clamped');
  });

  it('downgrades forced tool choice when thinking is on', () => {
    const tools = [{ kind: 'function' as const, name: 'f', parameters: { type: 'object' } }];
    const { body, ctx } = encode(
      ir({ tools, toolChoice: { type: 'required' }, reasoning: { effort: 'low' } }),
    );
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(ctx.warnings[0]!.message).toMatch(/downgraded/);
    expect(
      encode(ir({ tools, toolChoice: { type: 'tool', name: 'f' }, parallelToolCalls: false })).body
        .tool_choice,
    ).toEqual({
      type: 'tool',
      name: 'f',
      disable_parallel_tool_use: true,
    });
    expect(encode(ir({ toolChoice: { type: 'required' } })).body.tool_choice).toBeUndefined();
  });

  it('maps sampling, stop, response format, user; clamps temperature', () => {
    const { body, ctx } = encode(
      ir({
        temperature: 1.7,
        topP: 0.8,
        stop: ['END'],
        user: 'u1',
        responseFormat: { type: 'json_schema', name: 'x', schema: { type: 'object', properties: {} } },
        seed: 7,
        metadata: { team: 'a' },
      }),
    );
    expect(body).toMatchObject({
      temperature: 1,
      top_p: 0.8,
      stop_sequences: ['END'],
      metadata: { user_id: 'u1' },
      output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: {} } } },
    });
    expect(body.seed).toBeUndefined();
    expect(ctx.warnings.map((w) => w.code).sort()).toEqual([
      'clamped',
      'unsupported-setting',
      'unsupported-setting',
    ]);
  });

  it('encodes images, data URLs and documents', () => {
    const { body, ctx } = encode(
      ir({
        messages: [
          {
            role: 'user',
            parts: [
              { type: 'image', source: { kind: 'url', url: 'data:image/jpg;base64,AAAA' } },
              { type: 'image', source: { kind: 'url', url: 'https://x.test/i.png' } },
              {
                type: 'file',
                source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' },
                filename: 'a.pdf',
              },
              {
                type: 'file',
                source: {
                  kind: 'base64',
                  mediaType: 'text/plain',
                  data: Buffer.from('hi').toString('base64'),
                },
              },
              { type: 'file', source: { kind: 'base64', mediaType: 'application/zip', data: 'UEsD' } },
            ],
          },
        ],
      }),
    );
    expect(body.messages[0].content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } },
      { type: 'image', source: { type: 'url', url: 'https://x.test/i.png' } },
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
        title: 'a.pdf',
      },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hi' } },
    ]);
    expect(ctx.warnings[0]!.message).toMatch(/application\/zip/);
  });

  it('exposes custom tools as one-string functions and drops foreign built-ins', () => {
    const { body, ctx } = encode(
      ir({
        tools: [
          { kind: 'custom', name: 'apply_patch', description: 'patch', format: { type: 'grammar' } },
          { kind: 'builtin', type: 'web_search', raw: { type: 'web_search' }, origin: 'openai-responses' },
        ],
        messages: [
          { role: 'user', parts: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool-call',
                callId: 'c',
                name: 'apply_patch',
                arguments: '*** Begin Patch',
                kind: 'custom',
              },
            ],
          },
        ],
      }),
    );
    expect(body.tools).toHaveLength(1);
    expect(body.tools[0].input_schema.required).toEqual(['input']);
    expect(body.messages[1].content[0].input).toEqual({ input: '*** Begin Patch' });
    expect(ctx.warnings[0]!.code).toBe('unsupported-tool');
  });

  it('never sends more than 4 cache_control breakpoints', () => {
    const cc = { anthropic: { cache_control: { type: 'ephemeral' } } };
    const { body, ctx } = encode(
      ir({
        system: [1, 2, 3].map((n) => ({ type: 'text' as const, text: `s${n}`, meta: cc })),
        messages: [
          { role: 'user', parts: [1, 2].map((n) => ({ type: 'text' as const, text: `u${n}`, meta: cc })) },
        ],
      }),
    );
    const count = JSON.stringify(body).split('cache_control').length - 1;
    expect(count).toBe(4);
    expect(body.system[0].cache_control).toBeUndefined();
    expect(ctx.warnings[0]!.code).toBe('clamped');
  });
});
