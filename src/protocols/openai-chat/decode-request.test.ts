import { describe, expect, it } from 'vitest';
import { createTestCodecContext } from '../ir/context.js';
import { decodeChatRequest } from './decode-request.js';
import { jsonFixture, thrown } from './test-support.js';

const ctx = () => createTestCodecContext();
const base = (extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4.1',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

describe('decodeChatRequest', () => {
  it('decodes a realistic agent request (fixture)', () => {
    const c = ctx();
    const ir = decodeChatRequest(jsonFixture('client-request-agent.json'), c);
    expect(ir.model).toBe('claude-sonnet-4.5');
    expect(ir.system).toEqual([
      { type: 'text', text: 'You are a helpful travel assistant.' },
      { type: 'text', text: 'Answer in metric units.', meta: { 'openai-chat': { role: 'developer' } } },
    ]);
    expect(ir.messages).toHaveLength(3);
    const [user, assistant, results] = ir.messages;
    expect(user.parts).toEqual([
      { type: 'text', text: "What's the weather where this photo was taken?" },
      {
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/jpeg', data: 'iVBORw0KGgoAAAANSUhEUg==' },
        detail: 'high',
      },
      {
        type: 'file',
        source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0xLjQK' },
        filename: 'itinerary.pdf',
      },
    ]);
    expect(assistant.role).toBe('assistant');
    expect(assistant.parts[0]).toEqual({
      type: 'reasoning',
      text: 'The photo shows Tokyo Tower; check Tokyo weather.',
      signature: 'EqQBCkgIBhABGAIiQL3xsig',
    });
    expect(assistant.parts.slice(1).map((p) => p.type)).toEqual(['tool-call', 'tool-call']);
    // Two tool messages and the following user message become one user message, results first.
    expect(results.role).toBe('user');
    expect(results.parts).toEqual([
      {
        type: 'tool-result',
        callId: 'toolu_bdrk_01AbC',
        name: 'get_weather',
        kind: 'function',
        content: [{ type: 'text', text: '22°C, clear' }],
      },
      {
        type: 'tool-result',
        callId: 'toolu_bdrk_01XyZ',
        name: 'get_time',
        kind: 'function',
        content: [{ type: 'text', text: '14:05' }],
      },
      { type: 'text', text: 'Thanks! Anything to pack?' },
    ]);
    expect(ir.tools[0]).toMatchObject({ kind: 'function', name: 'get_weather', strict: true });
    expect(ir.toolChoice).toEqual({ type: 'auto' });
    expect(ir.parallelToolCalls).toBe(true);
    expect(ir.maxOutputTokens).toBe(4096);
    expect(ir.reasoning).toEqual({ effort: 'high' });
    expect(ir.stop).toEqual(['\n\nHuman:']);
    expect(ir.stream).toBe(true);
    expect(ir.streamIncludeUsage).toBe(true);
    expect(ir.user).toBe('user-123');
    expect(ir.metadata).toEqual({ session: 'abc' });
    expect(ir.promptCacheKey).toBe('trip-planner');
    expect(c.warnings).toEqual([]);
  });

  it('folds system and developer messages anywhere into system, in order', () => {
    const ir = decodeChatRequest(
      base({
        messages: [
          { role: 'system', content: 'one' },
          { role: 'user', content: 'hi' },
          { role: 'developer', content: 'two' },
        ],
      }),
      ctx(),
    );
    expect(ir.system.map((p) => p.text)).toEqual(['one', 'two']);
    expect(ir.messages).toHaveLength(1);
  });

  it('accepts every reasoning spelling on assistant messages', () => {
    for (const field of ['reasoning_content', 'reasoning', 'reasoning_text']) {
      const ir = decodeChatRequest(
        base({
          messages: [
            { role: 'user', content: 'q' },
            { role: 'assistant', content: 'a', [field]: 'thought' },
          ],
        }),
        ctx(),
      );
      expect(ir.messages[1].parts).toEqual([
        { type: 'reasoning', text: 'thought' },
        { type: 'text', text: 'a' },
      ]);
    }
  });

  it('keeps refusals and array content of assistant messages', () => {
    const ir = decodeChatRequest(
      base({
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: [{ type: 'text', text: 'x' }], refusal: 'no' },
        ],
      }),
      ctx(),
    );
    expect(ir.messages[1].parts).toEqual([
      { type: 'text', text: 'x' },
      { type: 'text', text: 'no', meta: { 'openai-chat': { refusal: true } } },
    ]);
  });

  it('decodes legacy functions and function_call with made-up ids paired to their results', () => {
    const ir = decodeChatRequest(
      base({
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":1}' } },
          { role: 'function', name: 'lookup', content: 'found' },
        ],
        functions: [{ name: 'lookup', parameters: { type: 'object' } }],
        function_call: { name: 'lookup' },
      }),
      ctx(),
    );
    const call = ir.messages[1].parts[0];
    const result = ir.messages[2].parts[0];
    expect(call).toMatchObject({ type: 'tool-call', name: 'lookup', arguments: '{"q":1}' });
    expect(result).toMatchObject({ type: 'tool-result', name: 'lookup' });
    expect(call.type === 'tool-call' && result.type === 'tool-result' && call.callId === result.callId).toBe(
      true,
    );
    expect(ir.tools).toEqual([{ kind: 'function', name: 'lookup', parameters: { type: 'object' } }]);
    expect(ir.toolChoice).toEqual({ type: 'tool', name: 'lookup', kind: 'function' });
  });

  it('decodes every tool_choice form', () => {
    const choice = (tool_choice: unknown) => decodeChatRequest(base({ tool_choice }), ctx()).toolChoice;
    expect(choice('none')).toEqual({ type: 'none' });
    expect(choice('required')).toEqual({ type: 'required' });
    expect(choice({ type: 'function', function: { name: 'f' } })).toEqual({
      type: 'tool',
      name: 'f',
      kind: 'function',
    });
    expect(choice({ type: 'custom', custom: { name: 'apply_patch' } })).toEqual({
      type: 'tool',
      name: 'apply_patch',
      kind: 'custom',
    });
    expect(
      choice({
        type: 'allowed_tools',
        allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'a' } }] },
      }),
    ).toEqual({ type: 'allowed', names: ['a'], mode: 'required' });
    expect(thrown(() => choice('sometimes')).param).toBe('tool_choice');
  });

  it('decodes custom tools and their calls natively', () => {
    const ir = decodeChatRequest(
      base({
        messages: [
          { role: 'user', content: 'patch it' },
          {
            role: 'assistant',
            tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'apply_patch', input: '*** Begin' } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
        tools: [{ type: 'custom', custom: { name: 'apply_patch', format: { type: 'text' } } }],
      }),
      ctx(),
    );
    expect(ir.tools).toEqual([{ kind: 'custom', name: 'apply_patch', format: { type: 'text' } }]);
    expect(ir.messages[1].parts[0]).toEqual({
      type: 'tool-call',
      callId: 'c1',
      name: 'apply_patch',
      arguments: '*** Begin',
      kind: 'custom',
    });
    expect(ir.messages[2].parts[0]).toMatchObject({
      type: 'tool-result',
      kind: 'custom',
      name: 'apply_patch',
    });
  });

  it('decodes compat reasoning knobs', () => {
    expect(
      decodeChatRequest(base({ reasoning: { effort: 'low', max_tokens: 2000 } }), ctx()).reasoning,
    ).toEqual({
      effort: 'low',
      budgetTokens: 2000,
    });
    expect(
      decodeChatRequest(base({ thinking: { type: 'enabled', budget_tokens: 5000 } }), ctx()).reasoning,
    ).toEqual({
      enabled: true,
      budgetTokens: 5000,
    });
    expect(decodeChatRequest(base({ thinking: { type: 'disabled' } }), ctx()).reasoning).toEqual({
      enabled: false,
    });
    expect(decodeChatRequest(base({ thinking: { type: 'adaptive' } }), ctx()).reasoning).toEqual({
      adaptive: true,
    });
    expect(decodeChatRequest(base({ thinking_budget: 3000 }), ctx()).reasoning).toEqual({
      budgetTokens: 3000,
    });
    expect(thrown(() => decodeChatRequest(base({ reasoning_effort: 'extreme' }), ctx())).param).toBe(
      'reasoning_effort',
    );
  });

  it('decodes response_format, max_tokens fallback and sampling', () => {
    const ir = decodeChatRequest(
      base({
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'out', schema: { type: 'object' }, strict: true },
        },
        max_tokens: 100,
        seed: 7,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
        stop: ['a', 'b'],
        verbosity: 'low',
        service_tier: 'auto',
        store: false,
      }),
      ctx(),
    );
    expect(ir.responseFormat).toEqual({
      type: 'json_schema',
      name: 'out',
      schema: { type: 'object' },
      strict: true,
    });
    expect(ir).toMatchObject({
      maxOutputTokens: 100,
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      stop: ['a', 'b'],
      verbosity: 'low',
      serviceTier: 'auto',
      store: false,
    });
    expect(
      decodeChatRequest(base({ response_format: { type: 'json_object' } }), ctx()).responseFormat,
    ).toEqual({
      type: 'json_object',
    });
  });

  it('warns about and drops audio input', () => {
    const c = ctx();
    const ir = decodeChatRequest(
      base({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'listen' },
              { type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } },
            ],
          },
        ],
      }),
      c,
    );
    expect(ir.messages[0].parts).toEqual([{ type: 'text', text: 'listen' }]);
    expect(c.warnings[0].code).toBe('dropped-content');
  });

  it('keeps https image URLs as URL sources', () => {
    const ir = decodeChatRequest(
      base({
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] },
        ],
      }),
      ctx(),
    );
    expect(ir.messages[0].parts[0]).toEqual({
      type: 'image',
      source: { kind: 'url', url: 'https://x.test/a.png' },
    });
  });

  it('rejects client mistakes with a 400 naming the parameter', () => {
    const cases: Array<[unknown, string]> = [
      ['not an object', 'body'],
      [{ messages: [] }, 'model'],
      [{ model: 'm' }, 'messages'],
      [{ model: 'm', messages: [] }, 'messages'],
      [base({ n: 2 }), 'n'],
      [base({ temperature: 'hot' }), 'temperature'],
      [base({ temperature: 3 }), 'temperature'],
      [base({ max_tokens: 0 }), 'max_tokens'],
      [base({ messages: [{ role: 'robot', content: 'x' }] }), 'messages[0].role'],
      [base({ messages: [{ role: 'user', content: 5 }] }), 'messages[0].content'],
      [
        base({
          messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x' } }] }],
        }),
        'messages[0].content[0].image_url.url',
      ],
      [base({ messages: [{ role: 'tool', content: 'x' }] }), 'messages[0].tool_call_id'],
      [base({ tools: [{ type: 'function', function: {} }] }), 'tools[0].function.name'],
      [base({ stop: [1] }), 'stop'],
      [
        base({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } }),
        'response_format.json_schema.schema',
      ],
      [base({ metadata: { a: 1 } }), 'metadata.a'],
    ];
    for (const [body, param] of cases) {
      const err = thrown(() => decodeChatRequest(body, ctx()));
      expect(err.status, param).toBe(400);
      expect(err.kind).toBe('invalid_request');
      expect(err.param).toBe(param);
    }
    expect(thrown(() => decodeChatRequest(base({ n: 3 }), ctx())).message).toMatch(/exactly one choice/);
  });
});
