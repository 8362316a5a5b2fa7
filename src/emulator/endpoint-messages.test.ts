import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { asAny, postJson, readSSE } from './test-support.js';

let emu: Emulator;
let token: string;
const url = () => `${emu.copilotUrl}/v1/messages`;
const post = (body: unknown, extra: Record<string, string> = {}) => postJson(url(), token, body, extra);

beforeAll(async () => {
  emu = await startEmulator();
  token = emu.issueCopilotToken();
});
afterAll(() => emu.close());

const tool = {
  name: 'get_weather',
  input_schema: { type: 'object', properties: { city: { type: 'string' } } },
};
const base = { model: 'claude-sonnet-4.5', max_tokens: 4096 };

describe('/v1/messages', () => {
  it('answers with Copilot ids, dated model, cache-aware usage and context_management', async () => {
    const r = await post({
      ...base,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(r.status).toBe(200);
    const b = await r.json().then(asAny);
    expect(b.id).toMatch(/^msg_bdrk_/);
    expect(b.model).toBe('claude-sonnet-4-5-20250929');
    expect(b.content).toEqual([{ type: 'text', text: 'Hello from claude-sonnet-4.5! You said: hi' }]);
    expect(b.stop_reason).toBe('end_turn');
    expect(b.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(b.context_management).toEqual({ applied_edits: [] });
  });

  it('streams a full tool-use turn with thinking that the Anthropic SDK accepts', async () => {
    const client = new Anthropic({
      baseURL: emu.copilotUrl,
      authToken: token,
      apiKey: null,
      defaultHeaders: { 'editor-version': 'vscode/1.104.3', 'copilot-integration-id': 'vscode-chat' },
      maxRetries: 0,
    });
    const stream = client.messages.stream({
      ...base,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [tool],
      messages: [{ role: 'user', content: 'weather [[tool:get_weather {"city":"Oslo"}]]' }],
    } as never);
    const msg = await stream.finalMessage();
    expect(msg.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(msg.stop_reason).toBe('tool_use');
    const use = msg.content[2] as { id: string; input: unknown };
    expect(use.id).toMatch(/^toolu_bdrk_/);
    expect(use.input).toEqual({ city: 'Oslo' });
    expect(msg.usage.output_tokens).toBeGreaterThan(1);

    // The whole turn echoed back with the tool result is accepted and answered.
    const next = await client.messages.create({
      ...base,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [tool],
      messages: [
        { role: 'user', content: 'weather [[tool:get_weather {"city":"Oslo"}]]' },
        { role: 'assistant', content: msg.content as never },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'rainy' }] },
      ],
    } as never);
    expect((next.content.find((b) => b.type === 'text') as { text: string }).text).toBe(
      'Tool get_weather returned: rainy',
    );
  });

  it('streams contiguous indices, signature_delta before stop, message_delta with usage and copilot_usage', async () => {
    const frames = await readSSE(
      await post({
        ...base,
        stream: true,
        thinking: { type: 'adaptive' },
        messages: [{ role: 'user', content: 'q' }],
      }),
    );
    const names = frames.map((f) => f.event);
    expect(names[0]).toBe('message_start');
    expect(names.at(-1)).toBe('message_stop');
    expect(frames[0].data.message.usage.input_tokens).toBeGreaterThan(0);
    const starts = frames.filter((f) => f.event === 'content_block_start').map((f) => f.data.index);
    expect(starts).toEqual([0, 1]);
    const sigIdx = frames.findIndex((f) => f.data.delta?.type === 'signature_delta');
    expect(frames[sigIdx + 1].event).toBe('content_block_stop');
    const delta = frames.find((f) => f.event === 'message_delta')!.data;
    expect(delta.delta.stop_reason).toBe('end_turn');
    expect(delta.usage.output_tokens).toBeGreaterThan(0);
    expect(delta.copilot_usage.token_details).toHaveLength(4);
  });

  it('requires max_tokens and a valid thinking budget', async () => {
    let r = await post({ model: 'claude-sonnet-4.5', messages: [{ role: 'user', content: 'x' }] });
    expect(r.status).toBe(400);
    expect(await r.json().then(asAny)).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
    r = await post({
      ...base,
      max_tokens: 1000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(r.status).toBe(400);
  });

  it('rejects models without the endpoint', async () => {
    const r = await post({ ...base, model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] });
    expect((await r.json().then(asAny)).error.message).toBe(
      'model "gpt-4.1" is not accessible via the /v1/messages endpoint',
    );
  });

  it('requires tool_result blocks first in the next user message', async () => {
    const use = { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} };
    let r = await post({
      ...base,
      tools: [tool],
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [use] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'b' },
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'r' },
          ],
        },
      ],
    });
    expect(r.status).toBe(400);
    expect((await r.json().then(asAny)).error.message).toContain(
      '`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1',
    );
    r = await post({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'r' }] }],
    });
    expect((await r.json().then(asAny)).error.message).toContain('unexpected `tool_use_id`');
  });

  it('rejects a thinking block whose text or signature was changed', async () => {
    const first = await (
      await post({
        ...base,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [{ role: 'user', content: 'q' }],
      })
    )
      .json()
      .then(asAny);
    const thinking = first.content[0];
    const turn = (block: unknown) => ({
      ...base,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [block, first.content[1]] },
        { role: 'user', content: 'more' },
      ],
    });
    expect((await post(turn(thinking))).status).toBe(200);
    for (const bad of [
      { ...thinking, thinking: 'edited' },
      { ...thinking, signature: 'EqQBforeign' },
    ]) {
      const r = await post(turn(bad));
      expect(r.status).toBe(400);
      expect((await r.json().then(asAny)).error.message).toBe(
        'messages.1.content.0: Invalid `signature` in `thinking` block',
      );
    }
  });

  it('rejects empty text blocks and unknown betas (strictBetas)', async () => {
    expect(
      (await post({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: ' ' }] }] })).status,
    ).toBe(400);
    const ok = await post(
      { ...base, messages: [{ role: 'user', content: 'x' }] },
      { 'anthropic-beta': 'interleaved-thinking-2025-05-14,context-management-2025-06-27' },
    );
    expect(ok.status).toBe(200);
    const bad = await post(
      { ...base, messages: [{ role: 'user', content: 'x' }] },
      { 'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14' },
    );
    expect(bad.status).toBe(400);
    expect((await bad.json().then(asAny)).error.message).toContain('`claude-code-20250219`');
    const lax = await startEmulator({ strictBetas: false });
    const r = await postJson(
      `${lax.copilotUrl}/v1/messages`,
      lax.issueCopilotToken(),
      { ...base, messages: [{ role: 'user', content: 'x' }] },
      { 'anthropic-beta': 'claude-code-20250219' },
    );
    expect(r.status).toBe(200);
    await lax.close();
  });

  it('reports prompts over the limit in Anthropic wording', async () => {
    const r = await post({ ...base, messages: [{ role: 'user', content: 'y'.repeat(168001 * 4) }] });
    expect((await r.json().then(asAny)).error.message).toBe(
      'prompt is too long: 168001 tokens > 168000 maximum',
    );
  });
});
