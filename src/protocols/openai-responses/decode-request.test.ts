import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import { decodeRequest } from './decode-request.js';
import { encodeReasoningEnvelope } from './reasoning-envelope.js';

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/codex-request.json', import.meta.url), 'utf8'),
);

function decode(body: unknown) {
  const ctx = createTestCodecContext();
  return { req: decodeRequest(body, ctx), warnings: ctx.warnings };
}

function expectInvalid(body: unknown, param?: string, pattern?: RegExp) {
  try {
    decodeRequest(body, createTestCodecContext());
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    const e = err as GatewayError;
    expect(e.status).toBe(400);
    if (param) expect(e.param).toBe(param);
    if (pattern) expect(e.message).toMatch(pattern);
    return;
  }
  throw new Error('expected decodeRequest to throw');
}

describe('decodeRequest (Codex fixture)', () => {
  const { req, warnings } = decode(fixture);

  it('folds instructions and developer messages into system, in order', () => {
    expect(req.system.map((p) => p.text)).toEqual([
      fixture.instructions,
      '<permissions instructions>sandbox_mode is workspace-write</permissions instructions>',
    ]);
  });

  it('builds alternating turns with results first in the user message', () => {
    expect(req.messages.map((m) => m.role)).toEqual([
      'user',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
    const [, withImage, firstAssistant, results, secondAssistant, customResults] = req.messages;
    expect(withImage!.parts[1]).toMatchObject({
      type: 'image',
      detail: 'auto',
      source: { kind: 'base64', mediaType: 'image/png' },
    });
    expect(firstAssistant!.parts.map((p) => p.type)).toEqual(['reasoning', 'tool-call']);
    expect(firstAssistant!.parts[0]).toMatchObject({
      text: '**Inspecting the test**\n\nI should read the test file first.',
      encryptedContent: 'gAAAAABo3xQk1N2Y0YjRkLTc4ZGQtNGZkNi1hZjA3LWM3YzY2ZTYxZTRhNQ==',
    });
    expect(firstAssistant!.parts[1]).toMatchObject({
      callId: 'call_Xk2mQ0bL7vZ3',
      name: 'shell',
      kind: 'function',
    });
    expect(results!.parts).toEqual([
      expect.objectContaining({ type: 'tool-result', callId: 'call_Xk2mQ0bL7vZ3', kind: 'function' }),
    ]);
    expect(secondAssistant!.parts.map((p) => p.type)).toEqual(['text', 'tool-call']);
    expect(secondAssistant!.parts[1]).toMatchObject({ kind: 'custom', name: 'apply_patch' });
    expect((secondAssistant!.parts[1] as { arguments: string }).arguments).toContain('*** Begin Patch');
    expect(customResults!.parts[0]).toMatchObject({
      type: 'tool-result',
      kind: 'custom',
      callId: 'call_P9aTq1',
    });
  });

  it('keeps tools of every kind', () => {
    expect(req.tools.map((t) => t.kind)).toEqual(['function', 'custom', 'builtin']);
    expect(req.tools[1]).toMatchObject({ format: { type: 'grammar', syntax: 'lark' } });
    expect(req.tools[2]).toMatchObject({
      type: 'web_search',
      origin: 'openai-responses',
      raw: { type: 'web_search' },
    });
  });

  it('maps settings', () => {
    expect(req).toMatchObject({
      model: 'gpt-5-codex',
      stream: true,
      store: false,
      include: ['reasoning.encrypted_content'],
      toolChoice: { type: 'auto' },
      parallelToolCalls: false,
      reasoning: { effort: 'medium', summary: 'auto', enabled: true },
      verbosity: 'medium',
      promptCacheKey: '0199a3f2-6c1e-7d40-9c0b-2b5f3e4d1a77',
    });
    expect(warnings).toEqual([]);
  });
});

describe('decodeRequest details', () => {
  it('accepts a string input', () => {
    const { req } = decode({ model: 'm', input: 'hi' });
    expect(req.messages).toEqual([{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }]);
    expect(req.stream).toBe(false);
  });

  it('accepts easy-input messages without type and merges a user message after outputs', () => {
    const { req } = decode({
      model: 'm',
      input: [
        { role: 'user', content: 'a' },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
        { type: 'function_call', call_id: 'c2', name: 'g', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_text', text: 'r1' }] },
        { type: 'function_call_output', call_id: 'c2', output: 'r2' },
        { role: 'user', content: [{ type: 'input_text', text: 'next' }] },
      ],
    });
    expect(req.messages.map((m) => [m.role, m.parts.map((p) => p.type)])).toEqual([
      ['user', ['text']],
      ['assistant', ['tool-call', 'tool-call']],
      ['user', ['tool-result', 'tool-result', 'text']],
    ]);
  });

  it('restores a gw1 envelope into signature / redacted data', () => {
    const env = encodeReasoningEnvelope({ text: 'thinking…', signature: 'sig-abc' });
    const { req } = decode({
      model: 'm',
      input: [{ type: 'reasoning', summary: [], encrypted_content: env }],
    });
    expect(req.messages[0]!.parts[0]).toEqual({ type: 'reasoning', text: 'thinking…', signature: 'sig-abc' });
    const redacted = encodeReasoningEnvelope({ redactedData: 'EqRED' });
    const { req: r2 } = decode({
      model: 'm',
      input: [{ type: 'reasoning', summary: [], encrypted_content: redacted }],
    });
    expect(r2.messages[0]!.parts[0]).toEqual({ type: 'reasoning', text: '', redactedData: 'EqRED' });
  });

  it('maps images, files and refusals', () => {
    const { req } = decode({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'high' },
            { type: 'input_image', file_id: 'file-1' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' },
            { type: 'input_file', file_data: 'JVBERi0=', filename: 'b.pdf' },
            { type: 'input_file', file_url: 'https://example.com/c.pdf' },
          ],
        },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
      ],
    });
    expect(req.messages[0]!.parts).toEqual([
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' }, detail: 'high' },
      { type: 'image', source: { kind: 'file-id', fileId: 'file-1' } },
      {
        type: 'file',
        source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
        filename: 'a.pdf',
      },
      {
        type: 'file',
        source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
        filename: 'b.pdf',
      },
      { type: 'file', source: { kind: 'url', url: 'https://example.com/c.pdf' } },
    ]);
    expect(req.messages[1]!.parts[0]).toMatchObject({
      text: 'No.',
      meta: { 'openai-responses': { refusal: true } },
    });
  });

  it('maps tool_choice forms and text.format', () => {
    const tools = [
      { type: 'function', name: 'f', parameters: { type: 'object' } },
      { type: 'custom', name: 'p' },
    ];
    expect(
      decode({ model: 'm', tools, tool_choice: { type: 'function', name: 'f' } }).req.toolChoice,
    ).toEqual({
      type: 'tool',
      name: 'f',
      kind: 'function',
    });
    expect(decode({ model: 'm', tools, tool_choice: { type: 'custom', name: 'p' } }).req.toolChoice).toEqual({
      type: 'tool',
      name: 'p',
      kind: 'custom',
    });
    expect(
      decode({
        model: 'm',
        tools,
        tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'f' }] },
      }).req.toolChoice,
    ).toEqual({ type: 'allowed', names: ['f'], mode: 'required' });
    const hosted = decode({ model: 'm', tool_choice: { type: 'web_search' } });
    expect(hosted.req.toolChoice).toEqual({ type: 'required' });
    expect(hosted.warnings).toHaveLength(1);
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(
      decode({ model: 'm', text: { format: { type: 'json_schema', name: 'out', schema, strict: true } } }).req
        .responseFormat,
    ).toEqual({ type: 'json_schema', name: 'out', schema, strict: true });
  });

  it('warns for hosted-tool items and local_shell_call, never silently', () => {
    const { req, warnings } = decode({
      model: 'm',
      input: [
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
        {
          type: 'local_shell_call',
          call_id: 'ls1',
          action: { type: 'exec', command: ['ls'] },
          status: 'completed',
        },
        { type: 'function_call_output', call_id: 'ls1', output: 'a.txt' },
      ],
    });
    expect(warnings.map((w) => w.code)).toEqual(['dropped-content', 'unsupported-tool']);
    expect(req.messages[0]!.parts[0]).toMatchObject({
      type: 'tool-call',
      name: 'local_shell',
      callId: 'ls1',
    });
    expect(req.messages[1]!.parts[0]).toMatchObject({ type: 'tool-result', callId: 'ls1' });
  });

  it('rejects client mistakes with a 400 naming the parameter', () => {
    expectInvalid([], undefined, /JSON object/);
    expectInvalid({ input: 'x' }, 'model');
    expectInvalid({ model: 'm', background: true }, 'background');
    expectInvalid({ model: 'm', stop: ['x'] }, 'stop', /not a Responses API parameter/);
    expectInvalid({ model: 'm', input: 5 }, 'input');
    expectInvalid(
      { model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] },
      'input[0]',
      /item_reference/,
    );
    expectInvalid({ model: 'm', input: [{ type: 'mystery' }] }, 'input[0]', /unsupported item type/);
    expectInvalid(
      { model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] },
      'input[0]',
      /call_id/,
    );
    expectInvalid({ model: 'm', temperature: 3 }, 'temperature');
    expectInvalid({ model: 'm', max_output_tokens: 'many' }, 'max_output_tokens');
    expectInvalid({ model: 'm', reasoning: { effort: 'extreme' } }, 'reasoning.effort');
    expectInvalid({ model: 'm', tools: [{ type: 'function' }] }, 'tools[0]');
    expectInvalid({ model: 'm', tool_choice: { type: 'function', name: 'nope' } }, 'tool_choice');
    expectInvalid({ model: 'm', metadata: { a: 1 } }, 'metadata');
    expectInvalid({ model: 'm', text: { format: { type: 'json_schema', name: 'x' } } }, 'text.format');
    expectInvalid(
      { model: 'm', input: [{ type: 'reasoning', summary: [], encrypted_content: 'gw1:%%%' }] },
      'input',
    );
    expectInvalid({ model: 'm', input: [{ role: 'tool', content: 'x' }] }, 'input[0]');
  });

  it('warns about unknown parameters and keeps session hints', () => {
    const { req, warnings } = decode({
      model: 'm',
      frobnicate: 1,
      safety_identifier: 'user-hash',
      truncation: 'auto',
      previous_response_id: 'resp_1',
      service_tier: 'flex',
      metadata: { a: 'b' },
    });
    expect(warnings).toEqual([expect.objectContaining({ code: 'unsupported-setting' })]);
    expect(req).toMatchObject({
      user: 'user-hash',
      previousResponseId: 'resp_1',
      serviceTier: 'flex',
      metadata: { a: 'b' },
      meta: { 'openai-responses': { truncation: 'auto', safetyIdentifier: 'user-hash' } },
    });
  });
});
