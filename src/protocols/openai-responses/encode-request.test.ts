import { describe, expect, it } from 'vitest';
import type { TargetModel } from '../ir/codec.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest } from '../ir/types.js';
import { effortForBudget, encodeRequest } from './encode-request.js';

const target: TargetModel = {
  id: 'gpt-5-codex',
  maxOutputTokens: 128000,
  reasoningEfforts: ['low', 'medium', 'high'],
};

// An Anthropic-origin conversation (Claude Code talking to gpt-5-codex).
const req: IRRequest = {
  model: 'claude-sonnet-4.5',
  system: [
    { type: 'text', text: 'You are Claude Code.' },
    { type: 'text', text: 'Be brief.' },
  ],
  messages: [
    {
      role: 'user',
      parts: [
        { type: 'text', text: 'What is in this image?' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/jpg', data: 'AAAA' } },
      ],
    },
    {
      role: 'assistant',
      parts: [
        { type: 'reasoning', text: 'Let me look.', signature: 'EqQBanthropic' },
        { type: 'reasoning', text: 'Prior codex turn', encryptedContent: 'gAAAAopaque' },
        { type: 'text', text: 'Checking.' },
        {
          type: 'tool-call',
          callId: 'toolu_01:bad id',
          name: 'Read',
          arguments: '{"path":"a"}',
          kind: 'function',
        },
      ],
    },
    {
      role: 'user',
      parts: [
        {
          type: 'tool-result',
          callId: 'toolu_01:bad id',
          content: [
            { type: 'text', text: 'file body' },
            { type: 'image', source: { kind: 'url', url: 'https://x/y.png' } },
          ],
        },
        { type: 'text', text: 'thanks' },
      ],
    },
  ],
  tools: [
    {
      kind: 'function',
      name: 'Read',
      parameters: { type: 'object', properties: { path: { type: 'string' } } },
    },
    { kind: 'builtin', type: 'web_search_20250305', name: 'web_search', raw: {}, origin: 'anthropic' },
    { kind: 'builtin', type: 'web_search', raw: { type: 'web_search' }, origin: 'openai-responses' },
  ],
  toolChoice: { type: 'tool', name: 'Read' },
  maxOutputTokens: 4,
  temperature: 1,
  stop: ['END'],
  topK: 5,
  reasoning: { enabled: true, budgetTokens: 10000 },
  responseFormat: { type: 'json_schema', schema: { type: 'object' } },
  stream: true,
  previousResponseId: 'resp_x',
  promptCacheKey: 'sess-1',
};

describe('encodeRequest (IR → Copilot /responses)', () => {
  const ctx = createTestCodecContext();
  const body = encodeRequest(req, target, ctx);

  it('sets model, store:false, include and instructions', () => {
    expect(body).toMatchObject({
      model: 'gpt-5-codex',
      instructions: 'You are Claude Code.\n\nBe brief.',
      store: false,
      stream: true,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'sess-1',
      max_output_tokens: 16,
      temperature: 1,
      reasoning: { effort: 'high', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'response', schema: { type: 'object' } } },
      tool_choice: { type: 'function', name: 'Read' },
    });
    expect(body).not.toHaveProperty('previous_response_id');
  });

  it('builds input items without ids, with sanitised matching call ids', () => {
    const input = body.input as Array<Record<string, unknown>>;
    expect(input.map((i) => i.type)).toEqual([
      'message',
      'reasoning',
      'message',
      'function_call',
      'function_call_output',
      'message',
    ]);
    for (const item of input) expect(item).not.toHaveProperty('id');
    expect(input[0]!.content).toEqual([
      { type: 'input_text', text: 'What is in this image?' },
      { type: 'input_image', image_url: 'data:image/jpeg;base64,AAAA', detail: 'auto' },
    ]);
    expect(input[1]).toEqual({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Prior codex turn' }],
      encrypted_content: 'gAAAAopaque',
    });
    expect(input[2]).toEqual({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Checking.', annotations: [] }],
    });
    const callId = input[3]!.call_id as string;
    expect(callId).toMatch(/^toolu_01:bad_id_[0-9a-f]{10}$/);
    expect(input[4]).toEqual({
      type: 'function_call_output',
      call_id: callId,
      output: [
        { type: 'input_text', text: 'file body' },
        { type: 'input_image', image_url: 'https://x/y.png', detail: 'auto' },
      ],
    });
  });

  it('keeps responses builtins, drops foreign ones and foreign reasoning with warnings', () => {
    expect(body.tools).toEqual([
      {
        type: 'function',
        name: 'Read',
        parameters: req.tools[0]!.kind === 'function' ? req.tools[0]!.parameters : {},
        strict: false,
      },
      { type: 'web_search' },
    ]);
    const messages = ctx.warnings.map((w) => w.message).join('\n');
    expect(messages).toMatch(/web_search.*no \/responses equivalent/);
    expect(messages).toMatch(/1 reasoning block/);
    expect(messages).toMatch(/stop sequences/);
    expect(messages).toMatch(/top_k/);
    expect(messages).toMatch(/previous_response_id/);
  });

  it('clamps efforts and output tokens to the target', () => {
    const c = createTestCodecContext();
    const b = encodeRequest({ ...req, maxOutputTokens: 500000, reasoning: { effort: 'max' } }, target, c);
    expect(b.max_output_tokens).toBe(128000);
    expect(b.reasoning).toEqual({ effort: 'high', summary: 'auto' });
    expect(c.warnings.filter((w) => w.code === 'clamped')).toHaveLength(2);
  });

  it('turns reasoning off without asking for encrypted content', () => {
    const b = encodeRequest(
      { ...req, reasoning: { enabled: false } },
      { id: 'gpt-5' },
      createTestCodecContext(),
    );
    expect(b.reasoning).toEqual({ effort: 'none' });
    expect(b).not.toHaveProperty('include');
  });

  it('encodes custom tools and calls', () => {
    const b = encodeRequest(
      {
        model: 'm',
        system: [],
        stream: false,
        tools: [
          {
            kind: 'custom',
            name: 'apply_patch',
            format: { type: 'grammar', syntax: 'lark', definition: 'x' },
          },
        ],
        toolChoice: { type: 'allowed', names: ['apply_patch'], mode: 'auto' },
        messages: [
          {
            role: 'assistant',
            parts: [{ type: 'tool-call', callId: 'c1', name: 'apply_patch', arguments: 'P', kind: 'custom' }],
          },
          {
            role: 'user',
            parts: [
              { type: 'tool-result', callId: 'c1', kind: 'custom', content: [{ type: 'text', text: 'ok' }] },
            ],
          },
        ],
      },
      { id: 'gpt-5-codex' },
      createTestCodecContext(),
    );
    expect(b.input).toEqual([
      { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: 'P' },
      { type: 'custom_tool_call_output', call_id: 'c1', output: 'ok' },
    ]);
    expect(b.tools).toEqual([
      { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'x' } },
    ]);
    expect(b.tool_choice).toEqual({
      type: 'allowed_tools',
      mode: 'auto',
      tools: [{ type: 'custom', name: 'apply_patch' }],
    });
  });

  it('maps thinking budgets to efforts', () => {
    expect([1024, 4096, 8192, 24576, 32000].map(effortForBudget)).toEqual([
      'minimal',
      'low',
      'medium',
      'high',
      'xhigh',
    ]);
  });
});

describe('Codex request through the IR to Copilot /responses (golden)', () => {
  it('reproduces what Codex sent, minus ids, with developer text folded into instructions', async () => {
    const { readFileSync } = await import('node:fs');
    const { decodeRequest } = await import('./decode-request.js');
    const codex = JSON.parse(
      readFileSync(new URL('./__fixtures__/codex-request.json', import.meta.url), 'utf8'),
    );
    const ctx = createTestCodecContext();
    const body = encodeRequest(decodeRequest(codex, ctx), { id: 'gpt-5-codex' }, ctx);
    expect(ctx.warnings).toEqual([]);
    const developer = codex.input[0].content[0].text;
    expect(body.instructions).toBe(`${codex.instructions}\n\n${developer}`);
    expect(body.input).toEqual(
      codex.input.slice(1).map((item: Record<string, unknown>) => {
        const { status: _status, content, ...rest } = item;
        if (item.type === 'reasoning')
          return { type: 'reasoning', summary: item.summary, encrypted_content: item.encrypted_content };
        if (item.role === 'assistant') {
          return { ...rest, content: (content as object[]).map((c) => ({ ...c, annotations: [] })) };
        }
        return content === undefined ? rest : { ...rest, content };
      }),
    );
    expect(body.tools).toEqual(codex.tools);
    expect(body).toMatchObject({
      model: 'gpt-5-codex',
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning: codex.reasoning,
      store: false,
      stream: true,
      include: codex.include,
      prompt_cache_key: codex.prompt_cache_key,
      text: codex.text,
    });
  });
});

describe('tool results marked as errors', () => {
  it('says so in the output text (Responses has no error flag)', () => {
    const body = encodeRequest(
      {
        model: 'gpt-5-codex',
        system: [],
        tools: [],
        stream: false,
        messages: [
          {
            role: 'assistant',
            parts: [{ type: 'tool-call', callId: 'c1', name: 'f', arguments: '{}', kind: 'function' }],
          },
          {
            role: 'user',
            parts: [
              { type: 'tool-result', callId: 'c1', content: [{ type: 'text', text: 'boom' }], isError: true },
            ],
          },
        ],
      },
      target,
      createTestCodecContext(),
    ) as unknown as { input: Array<Record<string, unknown>> };
    expect(body.input.at(-1)).toMatchObject({ type: 'function_call_output', output: 'Error: boom' });
  });
});
