// The official openai SDK's Responses API against gateway + emulator over real sockets, on the
// three egress kinds: a responses-native model (passthrough), a messages-only model (translated
// to /v1/messages) and a chat-only model (translated to /chat/completions).
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { defaultModels } from '../../src/emulator/catalogue.js';
import { memoryLogger } from '../../src/util/log.js';

const MESSAGES_ONLY = 'claude-messages-only-4.5';

let stack: LocalStack;
let client: OpenAI;
const log = memoryLogger('warn');

beforeAll(async () => {
  const models = defaultModels();
  const sonnet = models.find((m) => m.id === 'claude-sonnet-4.5')!;
  models.push({ ...structuredClone(sonnet), id: MESSAGES_ONLY, supported_endpoints: ['/v1/messages'] });
  stack = await startLocalStack({ emulator: { models }, log });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: loose access to logged JSON bodies
type Json = Record<string, any>;

const INFERENCE = ['/responses', '/v1/messages', '/chat/completions'];
const lastUpstream = () => stack.emulator.requests.filter((r) => INFERENCE.includes(r.path)).at(-1)!;
const upstreamBody = () => lastUpstream().body as Json;

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

const applyPatchTool = {
  type: 'custom' as const,
  name: 'apply_patch',
  description: 'Apply a patch to files',
  format: {
    type: 'grammar' as const,
    syntax: 'lark' as const,
    definition:
      'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF\nend_patch: "*** End Patch" LF?\nhunk: /(.|\\n)+/\n%import common.LF',
  },
};

const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch';

// gpt-4.1 cannot reason, so the chat path's reasoning test uses the chat-only Gemini model.
const paths: Array<{ kind: string; model: string; endpoint: string; reasoningModel: string }> = [
  { kind: 'responses-native', model: 'gpt-5-codex', endpoint: '/responses', reasoningModel: 'gpt-5-codex' },
  { kind: 'messages-only', model: MESSAGES_ONLY, endpoint: '/v1/messages', reasoningModel: MESSAGES_ONLY },
  {
    kind: 'chat-only',
    model: 'gpt-4.1',
    endpoint: '/chat/completions',
    reasoningModel: 'gemini-3.1-pro-preview',
  },
];

/** The SDK's stream helper does not fill `output_text`; read the message items. */
const textOf = (res: OpenAI.Responses.Response) =>
  res.output
    .flatMap((i) => (i.type === 'message' ? i.content : []))
    .map((c) => (c.type === 'output_text' ? c.text : ''))
    .join('');

/** A raw SSE read (so tests can see every event, including `error`). */
async function rawEvents(body: Json): Promise<{ status: number; events: Json[] }> {
  const res = await fetch(`${stack.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
  });
  const text = await res.text();
  const events: Json[] = [];
  for (const frame of text.split(/\n\n/)) {
    const data = frame
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trim())
      .join('\n');
    if (data) events.push(JSON.parse(data));
  }
  return { status: res.status, events };
}

describe.each(paths)('Responses API on a $kind model ($model)', ({ model, endpoint, reasoningModel }) => {
  it('answers a non-streaming request', async () => {
    const res = await client.responses.create({ model, input: 'Hi there', instructions: 'Be brief.' });
    expect(res.status).toBe('completed');
    expect(res.output_text).toContain('You said: Hi there');
    expect(res.usage?.input_tokens).toBeGreaterThan(0);
    expect(res.usage?.total_tokens).toBe(res.usage!.input_tokens + res.usage!.output_tokens);
    expect(lastUpstream().path).toBe(endpoint);
  });

  it('streams (responses.stream().finalResponse())', async () => {
    const stream = client.responses.stream({ model, input: 'Stream please [[long:30]]' });
    let deltas = 0;
    const seq: number[] = [];
    stream.on('event', (ev) => seq.push(ev.sequence_number));
    stream.on('response.output_text.delta', () => deltas++);
    const final = await stream.finalResponse();
    expect(lastUpstream().path).toBe(endpoint);
    expect(deltas).toBeGreaterThan(3);
    expect(final.status).toBe('completed');
    expect(textOf(final).split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(30);
    expect(seq).toEqual(seq.map((_, i) => i));
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
  });

  it('completes a function-tool round trip', async () => {
    const prompt = 'Weather? [[tool:get_weather {"city":"Tokyo"}]]';
    const first = await client.responses
      .stream({ model, input: prompt, tools: [weatherTool] })
      .finalResponse();
    const call = first.output.find((i) => i.type === 'function_call');
    expect(call, JSON.stringify(first.output)).toBeDefined();
    if (call?.type !== 'function_call') return;
    expect(call.name).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Tokyo' });
    // Codex style: resend the whole history with store:false, no item ids.
    const second = await client.responses.create({
      model,
      store: false,
      tools: [weatherTool],
      input: [
        { role: 'user', content: prompt },
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: 'Sunny, 21°C' },
      ],
    });
    expect(second.output_text).toContain('Tool get_weather returned: Sunny, 21°C');
    expect(lastUpstream().headers['x-initiator']).toBe('agent');
  });

  it('returns a custom (freeform) tool call as custom_tool_call, streamed and not', async () => {
    // The responses-native model sees a freeform tool; the others see a function taking {input}.
    const directive =
      endpoint === '/responses'
        ? `[[tool:apply_patch ${JSON.stringify(PATCH)}]]`
        : `[[tool:apply_patch ${JSON.stringify({ input: PATCH })}]]`;
    const prompt = `Create hello.txt ${directive}`;
    const tools = [applyPatchTool, weatherTool];
    const plain = await client.responses.create({ model, input: prompt, tools });
    const stream = client.responses.stream({ model, input: prompt, tools });
    let inputDeltas = '';
    stream.on('response.custom_tool_call_input.delta', (ev) => {
      inputDeltas += ev.delta;
    });
    const streamed = await stream.finalResponse();
    for (const res of [plain, streamed]) {
      const call = res.output.find((i) => i.type === 'custom_tool_call');
      expect(call, JSON.stringify(res.output)).toMatchObject({
        type: 'custom_tool_call',
        name: 'apply_patch',
        input: PATCH,
      });
      expect(res.output.some((i) => i.type === 'function_call')).toBe(false);
    }
    expect(inputDeltas).toBe(PATCH);
    const call = streamed.output.find((i) => i.type === 'custom_tool_call')!;
    if (call.type !== 'custom_tool_call') return;
    const next = await client.responses.create({
      model,
      tools,
      input: [
        { role: 'user', content: prompt },
        { type: 'custom_tool_call', call_id: call.call_id, name: 'apply_patch', input: call.input },
        { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Done: A hello.txt' },
      ],
    });
    expect(next.output_text).toContain('Tool apply_patch returned: Done: A hello.txt');
  });

  it('chains turns with previous_response_id (stored by the gateway)', async () => {
    const first = await client.responses.create({ model, input: 'My name is Ada.' });
    const second = await client.responses.create({
      model,
      previous_response_id: first.id,
      input: 'What is my name?',
    });
    expect(second.output_text).toContain('You said: What is my name?');
    const sent = JSON.stringify(upstreamBody());
    expect(sent).toContain('My name is Ada.');
    expect(sent).toContain(first.output_text.slice(0, 30));
    expect(sent).not.toContain('previous_response_id');

    // A tool round trip by id: the function_call lives only in the stored response.
    const call1 = await client.responses
      .stream({ model, input: 'Weather? [[tool:get_weather {"city":"Lima"}]]', tools: [weatherTool] })
      .finalResponse();
    const call = call1.output.find((i) => i.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error(JSON.stringify(call1.output));
    const answer = await client.responses.create({
      model,
      previous_response_id: call1.id,
      tools: [weatherTool],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'Foggy' }],
    });
    expect(answer.output_text).toContain('Tool get_weather returned: Foggy');
  });

  it('answers an unknown previous_response_id with 400 previous_response_not_found', async () => {
    const err = await client.responses
      .create({ model, previous_response_id: 'resp_does_not_exist', input: 'x' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.code).toBe('previous_response_not_found');
    expect(err.param).toBe('previous_response_id');
  });

  it('returns reasoning (summary + encrypted content when included) and accepts it back', async () => {
    const prompt = 'Think first. [[tool:get_weather {"city":"Rome"}]]';
    const res = await client.responses
      .stream({
        model: reasoningModel,
        input: prompt,
        tools: [weatherTool],
        store: false,
        reasoning: { effort: 'medium', summary: 'auto' },
        include: ['reasoning.encrypted_content'],
      })
      .finalResponse();
    const reasoning = res.output.find((i) => i.type === 'reasoning');
    expect(reasoning, JSON.stringify(res.output)).toBeDefined();
    if (reasoning?.type !== 'reasoning') return;
    expect(reasoning.summary.map((s) => s.text).join('')).toContain('Thinking about');
    expect(typeof reasoning.encrypted_content).toBe('string');
    // Copilot's /v1/messages reports no thinking-token count; the OpenAI endpoints do.
    if (endpoint !== '/v1/messages')
      expect(res.usage?.output_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    const call = res.output.find((i) => i.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error(JSON.stringify(res.output));
    // Codex sends the reasoning item back (without ids) with the tool output.
    const next = await client.responses.create({
      model: reasoningModel,
      store: false,
      tools: [weatherTool],
      reasoning: { effort: 'medium', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      input: [
        { role: 'user', content: prompt },
        { type: 'reasoning', summary: reasoning.summary, encrypted_content: reasoning.encrypted_content },
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: 'Warm' },
      ],
    });
    expect(next.output_text).toContain('Tool get_weather returned: Warm');

    // Without the include, no encrypted content is handed out.
    const plain = await client.responses.create({
      model: reasoningModel,
      input: 'Think',
      reasoning: { effort: 'low', summary: 'auto' },
    });
    const r2 = plain.output.find((i) => i.type === 'reasoning');
    expect(r2).toBeDefined();
    expect(r2?.type === 'reasoning' && r2.encrypted_content).toBeFalsy();
  });

  it('carries a JSON-schema text.format to the upstream and echoes it', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' } },
      required: ['answer'],
      additionalProperties: false,
    };
    const res = await client.responses.create({
      model,
      input: 'Answer in JSON',
      text: { format: { type: 'json_schema', name: 'reply', schema, strict: true } },
    });
    expect(res.text?.format).toMatchObject({ type: 'json_schema', name: 'reply' });
    const sent = upstreamBody();
    if (endpoint === '/responses')
      expect(sent.text.format).toMatchObject({ type: 'json_schema', name: 'reply', schema });
    else if (endpoint === '/v1/messages')
      // Copilot refuses output_config.format: the drift shield turns it into a system instruction.
      expect(JSON.stringify(sent.system)).toContain(JSON.stringify(JSON.stringify(schema)).slice(1, -1));
    else
      expect(sent.response_format).toMatchObject({
        type: 'json_schema',
        json_schema: { name: 'reply', schema },
      });
  });

  it('turns an upstream failure mid-stream into `error` + `response.failed` with a Codex code', async () => {
    stack.emulator.injectFault({
      match: { path: endpoint, model },
      fault: { kind: 'cut-stream', afterEvents: 4 },
    });
    const { status, events } = await rawEvents({ model, input: 'cut me [[long:60]]' });
    expect(status).toBe(200);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('response.created');
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    const failed = events.at(-1)!;
    // Codex retries codes it does not know; a cut stream is worth a retry, so the code must be
    // one Codex reads as a transient server failure, never context/quota (which stop the turn).
    expect(['server_error', 'server_is_overloaded']).toContain(failed.response.error.code);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(types).not.toContain('response.completed');

    stack.emulator.injectFault({
      match: { path: endpoint, model },
      fault: { kind: 'cut-stream', afterEvents: 4 },
    });
    const err = await client.responses
      .stream({ model, input: 'cut me [[long:60]]' })
      .finalResponse()
      .catch((e) => e);
    expect(err).toBeInstanceOf(Error);
  });

  it('answers an upstream 429 before the stream as a 429 the SDK understands', async () => {
    stack.emulator.injectFault({
      match: { path: endpoint, model },
      times: 5,
      fault: {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '120' },
        body: { error: { message: 'rate limit exceeded', code: 'rate_limited' } },
      },
    });
    const err = await client.responses.create({ model, input: 'limited' }).catch((e) => e);
    stack.emulator.clearFaults();
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
  });
});

describe('hosted (built-in) tools Copilot cannot run', () => {
  it.each(paths)(
    'drops web_search and namespace tools with a logged warning ($kind)',
    async ({ model, endpoint }) => {
      log.lines.length = 0;
      const res = await client.responses.create({
        model,
        input: 'Hello',
        tools: [
          weatherTool,
          { type: 'web_search' } as never,
          {
            type: 'namespace',
            name: 'multi_agent_v1',
            description: 'Sub-agents',
            tools: [
              { type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: {} } },
            ],
          } as never,
        ],
      });
      expect(res.output_text).toContain('You said: Hello');
      expect(lastUpstream().path).toBe(endpoint);
      const sent = JSON.stringify(upstreamBody().tools);
      expect(sent).toContain('get_weather');
      expect(sent).not.toContain('web_search');
      expect(sent).not.toContain('multi_agent_v1');
      expect(log.lines.some((l) => /WARN.*web_search/.test(l))).toBe(true);
      expect(log.lines.some((l) => /WARN.*namespace/.test(l))).toBe(true);
    },
  );

  const rejected: Array<[string, Json]> = [
    ['file_search', { type: 'file_search', vector_store_ids: ['vs_1'] }],
    ['code_interpreter', { type: 'code_interpreter', container: { type: 'auto' } }],
    [
      'computer_use_preview',
      { type: 'computer_use_preview', display_width: 1024, display_height: 768, environment: 'linux' },
    ],
    ['image_generation', { type: 'image_generation' }],
    ['mcp', { type: 'mcp', server_label: 'x', server_url: 'https://example.invalid/mcp' }],
    ['local_shell', { type: 'local_shell' }],
  ];
  it.each(rejected)('rejects %s with a 400 that names the tool', async (type, tool) => {
    for (const { model } of paths) {
      const before = stack.emulator.requests.length;
      const err = await client.responses
        .create({ model, input: 'x', tools: [tool as never] })
        .catch((e) => e);
      expect(err, model).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err.message).toContain(type);
      expect(err.param).toBe('tools[0]');
      expect(stack.emulator.requests.length).toBe(before);
    }
  });
});

describe('Responses request validation', () => {
  it('rejects a request without input', async () => {
    const err = await client.responses.create({ model: 'gpt-5-codex' } as never).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.param).toBe('input');
  });
});
