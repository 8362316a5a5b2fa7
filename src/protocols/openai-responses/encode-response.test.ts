import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRResponse } from '../ir/types.js';
import { encodeResponse } from './encode-response.js';
import { decodeReasoningEnvelope } from './reasoning-envelope.js';

const req: IRRequest = {
  model: 'claude-opus-4.6',
  system: [{ type: 'text', text: 'sys' }],
  messages: [],
  tools: [],
  stream: false,
  include: ['reasoning.encrypted_content'],
  store: false,
};

const res: IRResponse = {
  id: 'msg_bdrk_01',
  model: 'claude-opus-4-6-20260101',
  created: 1767225600,
  parts: [
    { type: 'reasoning', text: 'Thinking', signature: 'sig' },
    { type: 'reasoning', text: '', redactedData: 'RED' },
    { type: 'text', text: 'Part one. ' },
    { type: 'text', text: 'Part two.' },
    { type: 'tool-call', callId: 'toolu_1', name: 'Bash', arguments: '', kind: 'function' },
  ],
  finishReason: 'tool-calls',
  usage: { inputTokens: 100, outputTokens: 30, cachedInputTokens: 40, cacheWriteTokens: 5 },
};

describe('encodeResponse', () => {
  it('builds a completed response with the requested model and Codex-valid items', () => {
    const out = encodeResponse(res, req, createTestCodecContext());
    expect(out).toMatchObject({
      id: 'resp_test1',
      object: 'response',
      created_at: 1767225600,
      status: 'completed',
      model: 'claude-opus-4.6',
      instructions: 'sys',
      store: false,
      error: null,
      incomplete_details: null,
      usage: {
        input_tokens: 100,
        input_tokens_details: { cached_tokens: 40 },
        output_tokens: 30,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 130,
      },
    });
    expect(out.output.map((i) => i.type)).toEqual(['reasoning', 'reasoning', 'message', 'function_call']);
    const [thinking, redacted, message, call] = out.output as unknown as Array<Record<string, unknown>>;
    expect(thinking!.summary).toEqual([{ type: 'summary_text', text: 'Thinking' }]);
    expect(decodeReasoningEnvelope(thinking!.encrypted_content as string)).toEqual({
      text: 'Thinking',
      signature: 'sig',
    });
    expect(redacted!.summary).toEqual([]);
    expect(decodeReasoningEnvelope(redacted!.encrypted_content as string)).toEqual({ redactedData: 'RED' });
    expect(message!.content).toEqual([
      { type: 'output_text', text: 'Part one. ', annotations: [] },
      { type: 'output_text', text: 'Part two.', annotations: [] },
    ]);
    expect(call).toMatchObject({ call_id: 'toolu_1', name: 'Bash', arguments: '{}', status: 'completed' });
  });

  it('maps length to incomplete and keeps resp_ ids', () => {
    const out = encodeResponse(
      { ...res, id: 'resp_upstream', parts: [{ type: 'text', text: 'cut' }], finishReason: 'length' },
      { ...req, include: undefined },
      createTestCodecContext(),
    );
    expect(out).toMatchObject({
      id: 'resp_upstream',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
  });

  it('omits encrypted content unless included', () => {
    const out = encodeResponse(res, { ...req, include: [] }, createTestCodecContext());
    expect(out.output[0]).not.toHaveProperty('encrypted_content');
  });
});

describe('encodeResponse request echo', () => {
  it('echoes tools, tool_choice and text.format in Responses form', () => {
    const out = encodeResponse(
      { ...res, parts: [], finishReason: 'stop' },
      {
        ...req,
        tools: [
          { kind: 'function', name: 'f', parameters: { type: 'object' }, strict: false },
          { kind: 'builtin', type: 'web_search', raw: { type: 'web_search' }, origin: 'openai-responses' },
        ],
        toolChoice: { type: 'tool', name: 'f', kind: 'function' },
        responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' } },
      },
      createTestCodecContext(),
    );
    expect(out.tools).toEqual([
      { type: 'function', name: 'f', parameters: { type: 'object' }, strict: false },
      { type: 'web_search' },
    ]);
    expect(out.tool_choice).toEqual({ type: 'function', name: 'f' });
    expect(out.text).toEqual({
      format: { type: 'json_schema', name: 'out', schema: { type: 'object' } },
      verbosity: 'medium',
    });
  });
});
