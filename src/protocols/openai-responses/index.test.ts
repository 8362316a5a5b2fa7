// The codec as the gateway uses it: through the exported IngressCodec / EgressCodec objects.
import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRStreamEvent } from '../ir/types.js';
import { parseSSEText } from '../sse/parse.js';
import { openaiResponsesEgress, openaiResponsesIngress } from './index.js';

describe('openai-responses codec objects', () => {
  it('carries Anthropic thinking through a Codex turn and back (gw1 envelope)', () => {
    const ctx = createTestCodecContext();
    const first = openaiResponsesIngress.decodeRequest(
      {
        model: 'claude-sonnet-4.5',
        input: 'list files',
        stream: true,
        store: false,
        include: ['reasoning.encrypted_content'],
        tools: [{ type: 'function', name: 'shell', parameters: { type: 'object' } }],
      },
      ctx,
    );
    // What the Anthropic egress decoder would produce for a thinking block + tool_use.
    const upstream: IRStreamEvent[] = [
      { type: 'start', id: 'msg_bdrk_1', model: 'claude-sonnet-4-5-20250929', created: 1 },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'I should run ls.' },
      { type: 'reasoning-signature', id: 'r', signature: 'EqQBCkgIBhABGAIiQL3x' },
      { type: 'reasoning-end', id: 'r' },
      { type: 'reasoning-start', id: 'rd', redactedData: 'EmwKAhgBEgy3va3pzix' },
      { type: 'reasoning-end', id: 'rd' },
      { type: 'tool-call-start', id: 't', callId: 'toolu_bdrk_01A', name: 'shell', kind: 'function' },
      { type: 'tool-call-delta', id: 't', delta: '{"command":["ls"]}' },
      { type: 'tool-call-end', id: 't' },
      { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 10, outputTokens: 5 } },
    ];
    const enc = openaiResponsesIngress.createStreamEncoder(first, ctx);
    const sse = upstream.map((e) => enc.push(e)).join('') + enc.end();
    // Codex keeps the items from output_item.done and sends them back without ids.
    const items = parseSSEText(sse)
      .map((m) => JSON.parse(m.data))
      .filter((d) => d.type === 'response.output_item.done')
      .map(({ item }) => {
        const { id: _id, status: _status, ...rest } = item;
        return rest;
      });
    const second = openaiResponsesIngress.decodeRequest(
      {
        model: 'claude-sonnet-4.5',
        input: [
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list files' }] },
          ...items,
          { type: 'function_call_output', call_id: 'toolu_bdrk_01A', output: 'a.txt' },
        ],
      },
      createTestCodecContext(),
    );
    expect(second.messages[1]).toEqual({
      role: 'assistant',
      parts: [
        {
          type: 'reasoning',
          text: 'I should run ls.',
          signature: 'EqQBCkgIBhABGAIiQL3x',
          summary: ['I should run ls.'],
        },
        { type: 'reasoning', text: '', redactedData: 'EmwKAhgBEgy3va3pzix' },
        {
          type: 'tool-call',
          callId: 'toolu_bdrk_01A',
          name: 'shell',
          arguments: '{"command":["ls"]}',
          kind: 'function',
        },
      ],
    });
  });

  it('egress: encodes for the target model and decodes errors', () => {
    const ctx = createTestCodecContext();
    const ir = openaiResponsesIngress.decodeRequest({ model: 'gpt-5.4', input: 'hi' }, ctx);
    const body = openaiResponsesEgress.encodeRequest(ir, { id: 'gpt-5.4-2026-03-05' }, ctx);
    expect(body).toMatchObject({ model: 'gpt-5.4-2026-03-05', store: false, input: [{ role: 'user' }] });
    const err = openaiResponsesEgress.decodeError(
      400,
      { error: { message: 'prompt token count of 200000 exceeds the limit of 128000', code: null } },
      {},
    );
    expect(err.kind).toBe('context_length');
    expect(openaiResponsesIngress.encodeError(err)).toMatchObject({
      status: 400,
      body: { error: { code: 'context_length_exceeded' } },
    });
  });
});
