import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import { decodeAnthropicRequest } from './decode-request.js';

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/claude-code-request.json', import.meta.url), 'utf8'),
);

function decode(body: unknown) {
  const ctx = createTestCodecContext();
  return { req: decodeAnthropicRequest(body, ctx), ctx };
}

function invalid(body: unknown): GatewayError {
  try {
    decodeAnthropicRequest(body, createTestCodecContext());
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    return e as GatewayError;
  }
  throw new Error('expected a GatewayError');
}

const base = { model: 'claude-sonnet-4.5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }] };

describe('decodeAnthropicRequest', () => {
  it('decodes a Claude Code request (fixture)', () => {
    const { req, ctx } = decode(fixture);
    expect(req.model).toBe('claude-sonnet-4-5-20250929');
    expect(req.maxOutputTokens).toBe(32000);
    expect(req.stream).toBe(true);
    expect(req.system).toHaveLength(2);
    expect(req.system[0]!.meta?.anthropic?.cache_control).toEqual({ type: 'ephemeral' });
    expect(req.user).toBe('user_4f2a9c_account__session_0b1c2d3e');
    expect(req.reasoning).toEqual({ enabled: true, budgetTokens: 16000 });
    expect(req.toolChoice).toEqual({ type: 'auto' });
    expect(req.parallelToolCalls).toBe(false);
    expect(req.meta?.anthropic?.extra).toEqual({ context_management: fixture.context_management });

    const [user, assistant, results] = req.messages;
    expect(user!.parts.map((p) => p.type)).toEqual(['text', 'text', 'image']);
    expect(user!.parts[2]).toMatchObject({ source: { kind: 'base64', mediaType: 'image/png' } });
    expect(assistant!.parts[0]).toEqual({
      type: 'reasoning',
      text: fixture.messages[1].content[0].thinking,
      signature: fixture.messages[1].content[0].signature,
    });
    expect(assistant!.parts[2]).toEqual({
      type: 'tool-call',
      callId: 'toolu_bdrk_01AbCdEfGh',
      name: 'get_weather',
      arguments: '{"city":"Paris","unit":"celsius"}',
      kind: 'function',
    });
    expect(results!.parts[0]).toEqual({
      type: 'tool-result',
      callId: 'toolu_bdrk_01AbCdEfGh',
      content: [{ type: 'text', text: '18°C, light rain' }],
      meta: { anthropic: { cache_control: { type: 'ephemeral' } } },
    });

    expect(req.tools[0]).toMatchObject({
      kind: 'function',
      name: 'get_weather',
      meta: { anthropic: { cache_control: { type: 'ephemeral' } } },
    });
    expect(req.tools[1]).toEqual({
      kind: 'builtin',
      type: 'bash_20250124',
      name: 'bash',
      raw: fixture.tools[1],
      origin: 'anthropic',
    });
    expect(ctx.warnings).toEqual([]);
  });

  it('requires max_tokens with the Anthropic wording', () => {
    const err = invalid({ model: 'm', messages: [] });
    expect(err.status).toBe(400);
    expect(err.message).toBe('max_tokens: Field required');
    expect(err.param).toBe('max_tokens');
  });

  it('accepts a count_tokens body without max_tokens when told so', () => {
    const req = decodeAnthropicRequest({ model: 'm', messages: [] }, createTestCodecContext(), {
      requireMaxTokens: false,
    });
    expect(req.maxOutputTokens).toBeUndefined();
  });

  it.each([
    [{ ...base, model: 42 }, 'model'],
    [{ ...base, messages: 'hi' }, 'messages'],
    [{ ...base, max_tokens: 0 }, 'max_tokens'],
    [{ ...base, temperature: 1.5 }, 'temperature'],
    [{ ...base, messages: [{ role: 'tool', content: 'x' }] }, 'messages.0.role'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages.0.content.0.text'],
    [
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }],
      },
      'messages.0.content.0',
    ],
    [{ ...base, tools: [{ name: 'x' }] }, 'tools.0.input_schema'],
    [{ ...base, tool_choice: { type: 'tool' } }, 'tool_choice.name'],
    [{ ...base, thinking: { type: 'enabled' } }, 'thinking.budget_tokens'],
    [{ ...base, output_config: { effort: 'extreme' } }, 'output_config.effort'],
    [{ ...base, stop_sequences: [1] }, 'stop_sequences'],
  ])('rejects %j with param %s', (body, param) => {
    const err = invalid(body);
    expect(err.kind).toBe('invalid_request');
    expect(err.param).toBe(param);
  });

  it('folds role:"system" messages into system, in order', () => {
    const { req } = decode({
      ...base,
      system: 'First.',
      messages: [
        { role: 'system', content: 'Second.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(req.system.map((s) => s.text)).toEqual(['First.', 'Second.']);
    expect(req.messages).toHaveLength(1);
  });

  it('maps documents, url/file images and redacted thinking', () => {
    const { req } = decode({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
              title: 'a.pdf',
            },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello' } },
            { type: 'document', source: { type: 'url', url: 'https://x.test/a.pdf' } },
            { type: 'image', source: { type: 'url', url: 'https://x.test/a.png' } },
            { type: 'image', source: { type: 'file', file_id: 'file_1' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'redacted_thinking', data: 'EmwKAhgBEgy' },
            { type: 'text', text: 'ok' },
          ],
        },
      ],
    });
    const parts = req.messages[0]!.parts;
    expect(parts[0]).toEqual({
      type: 'file',
      source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
      filename: 'a.pdf',
    });
    expect(parts[1]).toEqual({
      type: 'file',
      source: { kind: 'base64', mediaType: 'text/plain', data: Buffer.from('hello').toString('base64') },
      meta: { anthropic: { textSource: true } },
    });
    expect(parts[2]).toMatchObject({
      source: { kind: 'url', url: 'https://x.test/a.pdf', mediaType: 'application/pdf' },
    });
    expect(parts[3]).toEqual({ type: 'image', source: { kind: 'url', url: 'https://x.test/a.png' } });
    expect(parts[4]).toEqual({ type: 'image', source: { kind: 'file-id', fileId: 'file_1' } });
    expect(req.messages[1]!.parts[0]).toEqual({ type: 'reasoning', text: '', redactedData: 'EmwKAhgBEgy' });
  });

  it('maps tool_result strings, images and is_error', () => {
    const { req } = decode({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: 'boom', is_error: true },
            {
              type: 'tool_result',
              tool_use_id: 't2',
              content: [
                { type: 'text', text: 'see' },
                { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
              ],
            },
          ],
        },
      ],
    });
    expect(req.messages[0]!.parts[0]).toEqual({
      type: 'tool-result',
      callId: 't1',
      content: [{ type: 'text', text: 'boom' }],
      isError: true,
    });
    expect(req.messages[0]!.parts[1]).toMatchObject({ content: [{ type: 'text' }, { type: 'image' }] });
  });

  it('warns about server-tool blocks instead of failing', () => {
    const { req, ctx } = decode({
      ...base,
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
            { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
            { type: 'text', text: 'Found it.' },
          ],
        },
      ],
    });
    expect(req.messages[0]!.parts).toEqual([{ type: 'text', text: 'Found it.' }]);
    expect(ctx.warnings).toHaveLength(2);
    expect(ctx.warnings[0]!.message).toMatch(/server-tool block server_tool_use/);
  });

  it('maps tool_choice, thinking variants, output_config and sampling', () => {
    expect(decode({ ...base, tool_choice: { type: 'any' } }).req.toolChoice).toEqual({ type: 'required' });
    expect(decode({ ...base, tool_choice: { type: 'none' } }).req.toolChoice).toEqual({ type: 'none' });
    expect(decode({ ...base, tool_choice: { type: 'tool', name: 'x' } }).req.toolChoice).toEqual({
      type: 'tool',
      name: 'x',
    });
    const adaptive = decode({
      ...base,
      thinking: { type: 'adaptive', display: 'omitted' },
      output_config: { effort: 'high', format: { type: 'json_schema', schema: { type: 'object' } } },
    }).req;
    expect(adaptive.reasoning).toEqual({
      enabled: true,
      adaptive: true,
      includeThoughts: false,
      effort: 'high',
    });
    expect(adaptive.responseFormat).toEqual({ type: 'json_schema', schema: { type: 'object' } });
    expect(decode({ ...base, thinking: { type: 'disabled' } }).req.reasoning).toEqual({ enabled: false });
    const s = decode({
      ...base,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      service_tier: 'auto',
    }).req;
    expect(s).toMatchObject({ temperature: 0.2, topP: 0.9, topK: 40, stop: ['END'], serviceTier: 'auto' });
  });

  it('keeps custom tool extras and beta fields in meta', () => {
    const { req } = decode({
      ...base,
      tools: [
        {
          name: 'f',
          input_schema: { type: 'object' },
          strict: true,
          input_examples: [{ a: 1 }],
          defer_loading: true,
        },
      ],
      mcp_servers: [{ type: 'url', url: 'https://mcp.test', name: 'm' }],
      container: 'cntr_1',
    });
    expect(req.tools[0]).toEqual({
      kind: 'function',
      name: 'f',
      parameters: { type: 'object' },
      strict: true,
      meta: { anthropic: { input_examples: [{ a: 1 }], defer_loading: true } },
    });
    expect(req.meta?.anthropic?.extra).toEqual({
      mcp_servers: [{ type: 'url', url: 'https://mcp.test', name: 'm' }],
      container: 'cntr_1',
    });
  });
});
