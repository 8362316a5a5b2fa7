import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { asAny, copilotHeaders, postJson, readSSE } from './test-support.js';

let emu: Emulator;
let token: string;
const chat = () => `${emu.copilotUrl}/chat/completions`;

beforeAll(async () => {
  emu = await startEmulator();
  token = emu.issueCopilotToken();
});
afterAll(() => emu.close());

const weatherTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('identity and auth', () => {
  it('requires a well-formed Editor-Version', async () => {
    const h = copilotHeaders(token);
    delete h['editor-version'];
    let r = await fetch(`${emu.copilotUrl}/models`, { headers: h });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('text/plain');
    expect(await r.text()).toBe('bad request: missing Editor-Version header for IDE auth');
    r = await fetch(`${emu.copilotUrl}/models`, { headers: { ...h, 'editor-version': 'vscode' } });
    expect(await r.text()).toBe('bad request: unknown Editor-Version header');
  });

  it('refuses an unknown integration id', async () => {
    const r = await fetch(`${emu.copilotUrl}/models`, {
      headers: copilotHeaders(token, { 'copilot-integration-id': 'nope' }),
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toBe('bad request: unknown integration');
  });

  it('refuses missing and unknown bearers', async () => {
    const h = copilotHeaders(token);
    delete h.authorization;
    expect((await fetch(`${emu.copilotUrl}/models`, { headers: h })).status).toBe(401);
    const r = await fetch(`${emu.copilotUrl}/models`, { headers: copilotHeaders('tid=forged:00') });
    expect(r.status).toBe(401);
    expect(await r.text()).toBe('unauthorized');
  });

  it('emits request id, github request id and quota headers', async () => {
    const r = await fetch(`${emu.copilotUrl}/models`, {
      headers: copilotHeaders(token, { 'x-request-id': 'abc-123' }),
    });
    expect(r.headers.get('x-request-id')).toBe('abc-123');
    expect(r.headers.get('x-github-request-id')).toBeTruthy();
    const q = new URLSearchParams(r.headers.get('x-quota-snapshot-premium_interactions')!);
    expect(q.get('ent')).toBe('1500');
    expect(Number(q.get('rem'))).toBeGreaterThan(0);
    expect(q.get('rst')).toMatch(/^\d{4}-\d{2}-01T00:00:00Z$/);
  });
});

describe('/models', () => {
  it('lists the catalogue with endpoint combinations', async () => {
    const r = await fetch(`${emu.copilotUrl}/models`, { headers: copilotHeaders(token) });
    const body = await r.json().then(asAny);
    expect(body.object).toBe('list');
    const ids = body.data.map((m: { id: string }) => m.id);
    for (const id of [
      'gpt-4.1',
      'gpt-5-mini',
      'gpt-5-codex',
      'claude-sonnet-4.5',
      'claude-opus-4.6',
      'gemini-3.1-pro-preview',
      'text-embedding-3-small',
      'gpt-41-copilot',
      'gpt-4o',
      'gpt-5.4',
      'claude-haiku-4.5',
      'claude-opus-41',
    ]) {
      expect(ids).toContain(id);
    }
    const gpt41 = body.data.find((m: { id: string }) => m.id === 'gpt-4.1');
    expect(gpt41.capabilities.limits.vision.max_prompt_image_size).toBe(3145728);
    expect(gpt41.supported_endpoints).toBeUndefined();
  });

  it('can be overridden', async () => {
    const e = await startEmulator({
      models: [{ id: 'only-one', vendor: 'OpenAI', capabilities: { type: 'chat' } }],
    });
    const t = e.issueCopilotToken();
    const body = await (await fetch(`${e.copilotUrl}/models`, { headers: copilotHeaders(t) }))
      .json()
      .then(asAny);
    expect(body.data.map((m: { id: string }) => m.id)).toEqual(['only-one']);
    const ok = await postJson(`${e.copilotUrl}/chat/completions`, t, {
      model: 'only-one',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(ok.status).toBe(200);
    await e.close();
  });
});

describe('/chat/completions non-stream', () => {
  it('answers deterministically with Azure extras and usage', async () => {
    const r = await postJson(chat(), token, {
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'hi there' },
      ],
    });
    expect(r.status).toBe(200);
    const b = await r.json().then(asAny);
    expect(b.object).toBeUndefined();
    expect(b.created).toBeUndefined();
    expect(b.model).toBe('gpt-4.1-2025-04-14');
    expect(b.prompt_filter_results).toHaveLength(1);
    expect(b.system_fingerprint).toMatch(/^fp_/);
    expect(b.choices).toHaveLength(1);
    expect(b.choices[0].message).toEqual({
      content: 'Hello from gpt-4.1! You said: hi there',
      role: 'assistant',
    });
    expect(b.choices[0].finish_reason).toBe('stop');
    expect(b.choices[0].content_filter_results.hate).toEqual({ filtered: false, severity: 'safe' });
    expect(b.usage.prompt_tokens).toBe(3); // ceil(9 chars / 4)
    expect(b.usage.total_tokens).toBe(b.usage.prompt_tokens + b.usage.completion_tokens);
    expect(b.usage.prompt_tokens_details.cached_tokens).toBe(0);
    expect(b.copilot_usage.total_nano_aiu).toBe(0); // included model
  });

  it('calls declared tools (parallel) and ignores undeclared ones', async () => {
    const content =
      'go [[tool:get_weather {"city":"Paris"}]] and [[tool:get_weather {"city":"Oslo"}]] [[tool:nope {}]]';
    const b = await (
      await postJson(chat(), token, {
        model: 'gpt-4.1',
        tools: [weatherTool],
        messages: [{ role: 'user', content }],
      })
    )
      .json()
      .then(asAny);
    const m = b.choices[0].message;
    expect(m.content).toBe('Calling get_weather.');
    expect(b.choices[0].finish_reason).toBe('tool_calls');
    expect(m.tool_calls.map((c: { function: { arguments: string } }) => c.function.arguments)).toEqual([
      '{"city":"Paris"}',
      '{"city":"Oslo"}',
    ]);
    expect(m.tool_calls[0].id).toMatch(/^call_/);
    const none = await (
      await postJson(chat(), token, { model: 'gpt-4.1', messages: [{ role: 'user', content }] })
    )
      .json()
      .then(asAny);
    expect(none.choices[0].message.tool_calls).toBeUndefined();
  });

  it('splits choices and returns reasoning fields for Claude', async () => {
    const b = await (
      await postJson(chat(), token, {
        model: 'claude-sonnet-4.5',
        thinking_budget: 2048,
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'weather? [[tool:get_weather {"city":"Tokyo"}]]' }],
      })
    )
      .json()
      .then(asAny);
    expect(b.choices).toHaveLength(2);
    expect(b.choices[0].finish_reason).toBe('tool_calls');
    expect(b.choices[0].message.content).toBe('Calling get_weather.');
    expect(b.choices[0].message.reasoning_text).toMatch(/^Thinking about: weather\?/);
    expect(b.choices[0].message.reasoning_opaque).toMatch(/^[0-9a-f]{64}$/);
    expect(b.choices[1].message.tool_calls[0].id).toMatch(/^toolu_bdrk_/);
    expect(b.prompt_filter_results).toBeUndefined();
    expect(b.copilot_usage.total_nano_aiu).toBeGreaterThan(0);
  });

  it('answers tool results with the tool name', async () => {
    const b = await (
      await postJson(chat(), token, {
        model: 'gpt-4.1',
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'w' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'sunny, 21C' },
        ],
      })
    )
      .json()
      .then(asAny);
    expect(b.choices[0].message.content).toBe('Tool get_weather returned: sunny, 21C');
  });

  it('echoes the system prompt and produces long answers on request', async () => {
    const sys = await (
      await postJson(chat(), token, {
        model: 'gpt-4.1',
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: '[[echo-system]]' },
        ],
      })
    )
      .json()
      .then(asAny);
    expect(sys.choices[0].message.content).toBe('You are terse.');
    const long = await (
      await postJson(chat(), token, {
        model: 'gpt-4.1',
        messages: [{ role: 'user', content: '[[long:50]]' }],
      })
    )
      .json()
      .then(asAny);
    expect(long.choices[0].message.content.split(' ')).toHaveLength(50);
  });
});

describe('/chat/completions stream', () => {
  it('streams Azure-style frames with usage on the finish chunk and copilot_usage after', async () => {
    const r = await postJson(chat(), token, {
      model: 'gpt-4.1',
      stream: true,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'x [[tool:get_weather {"city":"Rome"}]]' }],
    });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    const frames = await readSSE(r);
    expect(frames.at(-1)!.data).toBe('[DONE]');
    expect(frames[0].data.choices).toEqual([]);
    expect(frames[0].data.prompt_filter_results).toBeTruthy();
    expect(frames[1].data.choices[0].delta).toEqual({ content: '', role: 'assistant' });
    const chunks = frames.slice(1, -1).map((f) => f.data);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('Calling get_weather.');
    expect(chunks.filter((c) => c.choices[0]?.delta?.content).length).toBeGreaterThan(1);
    const toolDeltas = chunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
    expect(toolDeltas[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(toolDeltas.length).toBeGreaterThanOrEqual(3);
    expect(toolDeltas.map((d: { function: { arguments: string } }) => d.function.arguments).join('')).toBe(
      '{"city":"Rome"}',
    );
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish.choices[0].finish_reason).toBe('tool_calls');
    expect(finish.usage.prompt_tokens).toBeGreaterThan(0);
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.copilot_usage.token_details).toHaveLength(4);
  });

  it('streams reasoning_text and reasoning_opaque for Claude', async () => {
    const frames = await readSSE(
      await postJson(chat(), token, {
        model: 'claude-opus-4.6',
        stream: true,
        reasoning_effort: 'high',
        messages: [{ role: 'user', content: 'hello' }],
      }),
    );
    const deltas = frames
      .filter((f) => f.data !== '[DONE]' && f.data.choices.length)
      .map((f) => f.data.choices[0].delta);
    expect(deltas.map((d) => d.reasoning_text ?? '').join('')).toBe('Thinking about: hello');
    expect(deltas.find((d) => d.reasoning_opaque)).toBeTruthy();
    expect(deltas.map((d) => d.content ?? '').join('')).toBe('Hello from claude-opus-4.6! You said: hello');
  });
});

describe('/chat/completions validation', () => {
  const post = (body: unknown, extra: Record<string, string> = {}) => postJson(chat(), token, body, extra);

  it('rejects unknown models and models without the endpoint', async () => {
    let r = await post({ model: 'claude-sonnet-4-20250514', messages: [{ role: 'user', content: 'x' }] });
    expect(r.status).toBe(400);
    expect(await r.json().then(asAny)).toEqual({
      error: {
        message: 'The requested model is not supported.',
        code: 'model_not_supported',
        param: 'model',
        type: 'invalid_request_error',
      },
    });
    r = await post({ model: 'gpt-5-codex', messages: [{ role: 'user', content: 'x' }] });
    const b = await r.json().then(asAny);
    expect(b.error.code).toBe('unsupported_api_for_model');
    expect(b.error.message).toBe('model "gpt-5-codex" is not accessible via the /chat/completions endpoint');
  });

  it('rejects invalid JSON and a missing messages array', async () => {
    const r = await fetch(chat(), { method: 'POST', headers: copilotHeaders(token), body: '{nope' });
    expect(r.status).toBe(400);
    expect((await r.json().then(asAny)).error.code).toBe('invalid_json');
    expect((await post({ model: 'gpt-4.1' })).status).toBe(400);
    expect((await post({ model: 'gpt-4.1', messages: [] })).status).toBe(400);
  });

  it('rejects max_tokens on gpt-5 models', async () => {
    const r = await post({ model: 'gpt-5-mini', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    expect(r.status).toBe(400);
    expect((await r.json().then(asAny)).error.message).toContain("Use 'max_completion_tokens'");
    expect(
      (await post({ model: 'gpt-4.1', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })).status,
    ).toBe(200);
  });

  it('requires Copilot-Vision-Request for images', async () => {
    const body = {
      model: 'gpt-4.1',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'see' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
    };
    expect((await post(body)).status).toBe(400);
    expect((await post(body, { 'copilot-vision-request': 'true' })).status).toBe(200);
  });

  it('rejects prompts over max_prompt_tokens', async () => {
    const r = await post({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(64001 * 4) }] });
    expect(r.status).toBe(400);
    expect((await r.json().then(asAny)).error.message).toBe(
      'prompt token count of 64001 exceeds the limit of 64000',
    );
  });

  it('checks tool call / tool message pairing', async () => {
    const call = {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c9', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
    };
    let r = await post({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'a' }, call, { role: 'user', content: 'b' }],
    });
    expect(r.status).toBe(400);
    expect((await r.json().then(asAny)).error.message).toContain('did not have response messages: c9');
    r = await post({
      model: 'gpt-4.1',
      messages: [
        { role: 'user', content: 'a' },
        { role: 'tool', tool_call_id: 'zz', content: 'r' },
      ],
    });
    expect(r.status).toBe(400);
  });

  it('rejects a reasoning_opaque that does not match its reasoning_text', async () => {
    const first = await (
      await post({
        model: 'claude-sonnet-4.5',
        thinking_budget: 1024,
        messages: [{ role: 'user', content: 'q' }],
      })
    )
      .json()
      .then(asAny);
    const msg = first.choices[0].message;
    const history = (text: string) => ({
      model: 'claude-sonnet-4.5',
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: msg.content,
          reasoning_text: text,
          reasoning_opaque: msg.reasoning_opaque,
        },
        { role: 'user', content: 'again' },
      ],
    });
    expect((await post(history(msg.reasoning_text))).status).toBe(200);
    const bad = await post(history(`${msg.reasoning_text}!`));
    expect(bad.status).toBe(400);
    expect((await bad.json().then(asAny)).error.message).toContain('Invalid `signature` in `thinking` block');
  });

  it('enforces the initiator only when strict', async () => {
    const body = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] };
    expect((await post(body, { 'x-initiator': 'agent' })).status).toBe(200);
    const e = await startEmulator({ strictInitiator: true });
    const t = e.issueCopilotToken();
    const r = await postJson(`${e.copilotUrl}/chat/completions`, t, body, { 'x-initiator': 'agent' });
    expect(r.status).toBe(400);
    expect(await r.text()).toBe('bad request: error: invalid initiator');
    await e.close();
  });

  it('logs requests with parsed bodies', async () => {
    await post(
      { model: 'gpt-4.1', messages: [{ role: 'user', content: 'logged' }] },
      { 'X-Initiator': 'user' },
    );
    const last = emu.requests.at(-1)!;
    expect(last).toMatchObject({ server: 'copilot', method: 'POST', path: '/chat/completions' });
    expect((last.body as { messages: { content: unknown }[] }).messages[0].content).toBe('logged');
    expect(last.headers['x-initiator']).toBe('user');
  });
});
