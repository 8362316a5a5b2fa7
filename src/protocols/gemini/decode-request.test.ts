import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import fixture from './__fixtures__/gemini-cli-request.json' with { type: 'json' };
import { decodeGeminiRequest } from './decode-request.js';
import { encodeEnvelope } from './thought-signature.js';

const decode = (body: unknown, model?: string) => {
  const ctx = createTestCodecContext();
  return { ir: decodeGeminiRequest(body, ctx, { model }), ctx };
};

function expectInvalid(body: unknown, pattern: RegExp): void {
  try {
    decodeGeminiRequest(body, createTestCodecContext());
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).status).toBe(400);
    expect((err as GatewayError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a 400');
}

describe('decodeGeminiRequest: Gemini CLI fixture', () => {
  const { ir, ctx } = decode(fixture, 'gemini-2.5-pro');

  it('reads the model from the caller, system from systemInstruction (role ignored)', () => {
    expect(ir.model).toBe('gemini-2.5-pro');
    expect(ir.stream).toBe(false);
    expect(ir.system).toEqual([
      { type: 'text', text: 'You are Gemini CLI.' },
      { type: 'text', text: 'Be brief.' },
    ]);
  });

  it('decodes user media, model signatures and strips the name__ id prefix', () => {
    expect(ir.messages[0].parts[1]).toEqual({
      type: 'image',
      source: { kind: 'base64', mediaType: 'image/png', data: expect.stringMatching(/^iVBOR/) },
    });
    expect(ir.messages[1]).toEqual({
      role: 'assistant',
      parts: [
        {
          type: 'text',
          text: 'Checking the weather.',
          meta: { gemini: { thoughtSignature: 'CiQBjz1rX3real' } },
        },
        {
          type: 'tool-call',
          callId: 'call_1',
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
          kind: 'function',
          meta: { gemini: { thoughtSignature: 'skip_thought_signature_validator' } },
        },
        {
          type: 'tool-call',
          callId: 'call_2',
          name: 'read_file',
          arguments: '{"path":"/tmp/a.txt"}',
          kind: 'function',
        },
      ],
    });
  });

  it('matches responses by id, unwraps output and flags error', () => {
    expect(ir.messages[2].parts).toEqual([
      {
        type: 'tool-result',
        callId: 'call_2',
        name: 'read_file',
        content: [{ type: 'text', text: 'ENOENT: no such file' }],
        isError: true,
        kind: 'function',
      },
      {
        type: 'tool-result',
        callId: 'call_1',
        name: 'get_weather',
        content: [{ type: 'text', text: '18°C, cloudy' }],
        kind: 'function',
      },
    ]);
  });

  it('keeps parametersJsonSchema verbatim and converts OpenAPI parameters', () => {
    expect(ir.tools[0]).toEqual({
      kind: 'function',
      name: 'get_weather',
      description: 'Current weather',
      parameters: fixture.tools[0].functionDeclarations?.[0].parametersJsonSchema,
    });
    expect(ir.tools[1]).toMatchObject({
      name: 'read_file',
      parameters: {
        type: 'object',
        properties: { path: { type: 'string' }, limit: { type: ['integer', 'null'] } },
        required: ['path'],
      },
    });
    expect(ir.tools[2]).toEqual({
      kind: 'builtin',
      type: 'googleSearch',
      raw: { googleSearch: {} },
      origin: 'gemini',
    });
  });

  it('maps generation and thinking config', () => {
    expect(ir.toolChoice).toEqual({ type: 'auto' });
    expect(ir.temperature).toBe(0);
    expect(ir.topP).toBe(1);
    expect(ir.maxOutputTokens).toBe(8192);
    expect(ir.reasoning).toEqual({ includeThoughts: true, enabled: true, adaptive: true });
    expect(ctx.warnings).toEqual([]);
  });
});

describe('decodeGeminiRequest: details', () => {
  it('accepts snake_case everywhere', () => {
    const { ir } = decode({
      system_instruction: { parts: [{ text: 'sys' }] },
      contents: [
        {
          role: 'user',
          parts: [
            { inline_data: { mime_type: 'application/pdf', data: 'JVBERi0=' } },
            { file_data: { mime_type: 'image/jpg', file_uri: 'https://x/y.jpg' } },
          ],
        },
        { role: 'model', parts: [{ function_call: { name: 'f', args: { a_b: 1 } } }] },
        { role: 'user', parts: [{ function_response: { name: 'f', response: { result: 2 } } }] },
      ],
      tools: [
        {
          function_declarations: [
            {
              name: 'f',
              parameters_json_schema: { type: 'object', properties: { a_b: { type: 'number' } } },
            },
          ],
        },
      ],
      tool_config: { function_calling_config: { mode: 'ANY', allowed_function_names: ['f'] } },
      generation_config: {
        max_output_tokens: 10,
        stop_sequences: ['X'],
        response_mime_type: 'application/json',
        thinking_config: { thinking_budget: 0 },
      },
    });
    expect(ir.system).toEqual([{ type: 'text', text: 'sys' }]);
    expect(ir.messages[0].parts).toEqual([
      { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' } },
      { type: 'image', source: { kind: 'url', url: 'https://x/y.jpg', mediaType: 'image/jpeg' } },
    ]);
    // args keys are user data: a_b stays a_b.
    expect(ir.messages[1].parts[0]).toMatchObject({ callId: 'call_1_0', arguments: '{"a_b":1}' });
    expect(ir.messages[2].parts[0]).toMatchObject({
      callId: 'call_1_0',
      content: [{ type: 'text', text: '{"result":2}' }],
    });
    expect(ir.tools[0]).toMatchObject({ parameters: { properties: { a_b: { type: 'number' } } } });
    expect(ir.toolChoice).toEqual({ type: 'tool', name: 'f' });
    expect(ir.maxOutputTokens).toBe(10);
    expect(ir.stop).toEqual(['X']);
    expect(ir.responseFormat).toEqual({ type: 'json_object' });
    expect(ir.reasoning).toEqual({ enabled: false });
  });

  it('matches id-less responses to the earliest unanswered call of the same name', () => {
    const { ir } = decode({
      contents: [
        { parts: [{ text: 'go' }] },
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'ls', args: { d: 'a' } } },
            { functionCall: { name: 'ls', args: { d: 'b' } } },
            { functionCall: { name: 'cat' } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'cat', response: { output: 'c' } } },
            { functionResponse: { name: 'ls', response: { output: 'a' } } },
            { functionResponse: { name: 'ls', id: 'ls__synth_9', response: { output: 'b' } } },
          ],
        },
      ],
    });
    expect(ir.messages[0].role).toBe('user');
    expect(ir.messages[2].parts.map((p) => (p.type === 'tool-result' ? p.callId : ''))).toEqual([
      'call_1_2',
      'call_1_0',
      'call_1_1',
    ]);
  });

  it('restores reasoning from a gateway envelope on a functionCall', () => {
    const sig = encodeEnvelope({ signature: 'anthropic-sig', text: 'I should call the tool.' });
    const { ir } = decode({
      contents: [
        { role: 'user', parts: [{ text: 'hi' }] },
        {
          role: 'model',
          parts: [{ functionCall: { id: 'toolu_1', name: 'f', args: {} }, thoughtSignature: sig }],
        },
        {
          role: 'user',
          parts: [{ functionResponse: { id: 'f__toolu_1', name: 'f', response: { output: 'ok' } } }],
        },
      ],
    });
    expect(ir.messages[1].parts).toEqual([
      { type: 'reasoning', text: 'I should call the tool.', signature: 'anthropic-sig' },
      { type: 'tool-call', callId: 'toolu_1', name: 'f', arguments: '{}', kind: 'function' },
    ]);
  });

  it('merges an envelope into the thought part it follows', () => {
    const sig = encodeEnvelope({ redactedData: 'REDACTED', text: 'thinking' });
    const { ir } = decode({
      contents: [
        { role: 'user', parts: [{ text: 'hi' }] },
        {
          role: 'model',
          parts: [
            { text: 'thinking', thought: true },
            { text: 'Hello', thoughtSignature: sig },
          ],
        },
      ],
    });
    expect(ir.messages[1].parts).toEqual([
      { type: 'reasoning', text: 'thinking', redactedData: 'REDACTED' },
      { type: 'text', text: 'Hello' },
    ]);
  });

  it('joins a streamed thought kept as one part per chunk back into the signed reasoning', () => {
    const sig = encodeEnvelope({ signature: 'anthropic-sig', text: 'Thinking about: the sky' });
    const { ir } = decode({
      contents: [
        { role: 'user', parts: [{ text: 'hi' }] },
        {
          role: 'model',
          parts: [
            { text: 'An earlier thought', thought: true },
            { text: 'Thinking', thought: true },
            { text: ' about:', thought: true },
            { text: ' the sky', thought: true },
            { functionCall: { id: 'c1', name: 'f', args: {} }, thoughtSignature: sig },
          ],
        },
        { role: 'user', parts: [{ functionResponse: { id: 'c1', name: 'f', response: { output: 'ok' } } }] },
      ],
    });
    expect(ir.messages[1].parts.slice(0, 2)).toEqual([
      { type: 'reasoning', text: 'An earlier thought' },
      { type: 'reasoning', text: 'Thinking about: the sky', signature: 'anthropic-sig' },
    ]);
    expect(ir.messages[1].parts[2]).toMatchObject({ type: 'tool-call', callId: 'c1' });
  });

  it('maps thinking levels, response schemas, penalties and warns on unsupported settings', () => {
    const { ir, ctx } = decode({
      contents: [{ parts: [{ text: 'x' }] }],
      safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
      cachedContent: 'cachedContents/abc',
      generationConfig: {
        thinkingConfig: { thinkingLevel: 'LOW' },
        responseMimeType: 'application/json',
        responseSchema: { type: 'OBJECT', properties: { a: { type: 'STRING' } } },
        presencePenalty: 0.5,
        frequencyPenalty: 0.25,
        seed: 7,
        topK: 40,
        candidateCount: 1,
        responseModalities: ['TEXT'],
        speechConfig: {},
      },
    });
    expect(ir.reasoning).toEqual({ effort: 'low', enabled: true });
    expect(ir.responseFormat).toEqual({
      type: 'json_schema',
      schema: { type: 'object', properties: { a: { type: 'string' } } },
    });
    expect([ir.presencePenalty, ir.frequencyPenalty, ir.seed, ir.topK]).toEqual([0.5, 0.25, 7, 40]);
    const messages = ctx.warnings.map((w) => w.message);
    expect(messages).toHaveLength(3);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/safetySettings/),
        expect.stringMatching(/cachedContent/),
        expect.stringMatching(/speechConfig/),
      ]),
    );
  });

  it('maps tool config modes', () => {
    const choice = (fcc: unknown) =>
      decode({ contents: [{ parts: [{ text: 'x' }] }], toolConfig: { functionCallingConfig: fcc } }).ir
        .toolChoice;
    expect(choice({ mode: 'NONE' })).toEqual({ type: 'none' });
    expect(choice({ mode: 'ANY' })).toEqual({ type: 'required' });
    expect(choice({ mode: 'ANY', allowedFunctionNames: ['a', 'b'] })).toEqual({
      type: 'allowed',
      names: ['a', 'b'],
      mode: 'required',
    });
    expect(choice({ mode: 'VALIDATED', allowedFunctionNames: ['a'] })).toEqual({
      type: 'allowed',
      names: ['a'],
      mode: 'auto',
    });
    expect(choice({ mode: 'VALIDATED' })).toEqual({ type: 'auto' });
  });

  it('rejects client mistakes with actionable 400s', () => {
    expectInvalid('nope', /JSON object/);
    expectInvalid({}, /"contents" is required/);
    expectInvalid({ contents: [] }, /must not be empty/);
    expectInvalid(
      { contents: [{ role: 'system', parts: [{ text: 'x' }] }] },
      /role must be "user" or "model"/,
    );
    expectInvalid(
      { contents: [{ parts: [{ text: 5 }] }] },
      /contents\[0\]\.parts\[0\]\.text must be a string/,
    );
    expectInvalid(
      { contents: [{ parts: [{ text: 'x' }] }], generationConfig: { candidateCount: 2 } },
      /candidateCount must be 1/,
    );
    expectInvalid(
      { contents: [{ parts: [{ text: 'x' }] }], generationConfig: { maxOutputTokens: 'x' } },
      /maxOutputTokens must be a number/,
    );
    expectInvalid(
      {
        contents: [{ parts: [{ text: 'x' }] }],
        generationConfig: { thinkingConfig: { thinkingLevel: 'ULTRA' } },
      },
      /thinkingLevel/,
    );
    expectInvalid(
      {
        contents: [{ parts: [{ text: 'x' }] }],
        toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } },
      },
      /mode must be/,
    );
    expectInvalid(
      { contents: [{ parts: [{ functionCall: { args: {} } }] }] },
      /functionCall\.name is required/,
    );
    expectInvalid({ contents: [{ parts: [{ inlineData: { data: 'x' } }] }] }, /inlineData needs a mimeType/);
  });

  it('rejects unequal call and response counts', () => {
    const history = (responses: unknown[]) => ({
      contents: [
        { role: 'user', parts: [{ text: 'x' }] },
        { role: 'model', parts: [{ functionCall: { name: 'a' } }, { functionCall: { name: 'b' } }] },
        { role: 'user', parts: responses },
        { role: 'model', parts: [{ text: 'done' }] },
      ],
    });
    expectInvalid(
      history([{ functionResponse: { name: 'a', response: {} } }]),
      /made 2 function call\(s\) but only 1.*unanswered: b/,
    );
    expectInvalid(
      history([
        { functionResponse: { name: 'a', response: {} } },
        { functionResponse: { name: 'b', response: {} } },
        { functionResponse: { name: 'c', response: {} } },
      ]),
      /functionResponse "c" does not answer any functionCall/,
    );
    expectInvalid(
      { contents: [{ parts: [{ text: 'x' }] }, { role: 'model', parts: [{ functionCall: { name: 'a' } }] }] },
      /unanswered: a/,
    );
    expectInvalid(
      { contents: [{ parts: [{ functionResponse: { name: 'a', response: 'str' } }] }] },
      /response must be an object/,
    );
  });
});
