import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { asAny, postJson, readSSE } from './test-support.js';

let emu: Emulator;
let token: string;
let client: OpenAI;
const post = (body: unknown) => postJson(`${emu.copilotUrl}/responses`, token, body);

beforeAll(async () => {
  emu = await startEmulator();
  token = emu.issueCopilotToken();
  client = new OpenAI({
    baseURL: emu.copilotUrl,
    apiKey: token,
    defaultHeaders: { 'editor-version': 'vscode/1.104.3', 'copilot-integration-id': 'vscode-chat' },
    maxRetries: 0,
  });
});
afterAll(() => emu.close());

const fnTool = {
  type: 'function',
  name: 'shell',
  parameters: { type: 'object', properties: { cmd: { type: 'string' } } },
};
const customTool = {
  type: 'custom',
  name: 'apply_patch',
  format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' },
};

describe('/responses', () => {
  it('answers a string input with long opaque ids and usage', async () => {
    const b = await (await post({ model: 'gpt-5-codex', input: 'hello' })).json().then(asAny);
    expect(b.object).toBe('response');
    expect(b.status).toBe('completed');
    expect(b.id.length).toBeGreaterThan(40);
    expect(b.store).toBe(false);
    expect(b.output).toHaveLength(1);
    expect(b.output[0].content[0]).toMatchObject({
      type: 'output_text',
      text: 'Hello from gpt-5-codex! You said: hello',
    });
    expect(b.usage.total_tokens).toBe(b.usage.input_tokens + b.usage.output_tokens);
  });

  it('streams reasoning, message and tool calls in an order the OpenAI SDK accepts', async () => {
    const stream = client.responses.stream({
      model: 'gpt-5.4',
      input: [
        {
          role: 'user',
          content: [
            {
              type: 'input_text',
              text: 'do [[tool:shell {"cmd":"ls"}]] [[tool:apply_patch "*** Begin Patch"]]',
            },
          ],
        },
      ],
      tools: [fnTool, customTool] as never,
      reasoning: { effort: 'medium', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      store: false,
    });
    const types: string[] = [];
    stream.on('event', (e) => types.push(e.type));
    const final = await stream.finalResponse();
    expect(final.output.map((o) => o.type)).toEqual([
      'reasoning',
      'message',
      'function_call',
      'custom_tool_call',
    ]);
    const fc = final.output[2] as { arguments: string; call_id: string };
    expect(fc.arguments).toBe('{"cmd":"ls"}');
    expect((final.output[3] as { input: string }).input).toBe('*** Begin Patch');
    const rs = final.output[0] as { encrypted_content?: string; summary: { text: string }[] };
    expect(rs.summary[0].text).toMatch(/^Thinking about: do/);
    expect(rs.encrypted_content).toBeTruthy();
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.custom_tool_call_input.delta');
    expect(types).toContain('response.reasoning_summary_text.delta');
    expect(types.filter((t) => t === 'response.function_call_arguments.delta').length).toBeGreaterThanOrEqual(
      2,
    );

    // Next turn: items echoed without ids, the encrypted reasoning verified, outputs answered.
    const next = await client.responses.create({
      model: 'gpt-5.4',
      tools: [fnTool, customTool] as never,
      input: [
        { role: 'user', content: 'do it' },
        { type: 'reasoning', summary: rs.summary, encrypted_content: rs.encrypted_content } as never,
        { type: 'function_call', call_id: fc.call_id, name: 'shell', arguments: fc.arguments },
        { type: 'function_call_output', call_id: fc.call_id, output: 'file.txt' },
      ],
    });
    expect(next.output_text).toBe('Tool shell returned: file.txt');
  });

  it('numbers events, keeps item ids consistent and ends with usage', async () => {
    const frames = await readSSE(await post({ model: 'gpt-5-mini', stream: true, input: 'hey' }));
    frames.forEach((f, i) => {
      expect(f.data.sequence_number).toBe(i);
      expect(f.event).toBe(f.data.type);
    });
    const added = frames.find((f) => f.event === 'response.output_item.added')!.data.item.id;
    const done = frames.find((f) => f.event === 'response.output_item.done')!.data.item.id;
    expect(done).toBe(added);
    expect(
      frames.filter((f) => f.event === 'response.output_text.delta').every((f) => f.data.item_id === added),
    ).toBe(true);
    expect(frames.at(-1)!.data.response.usage.output_tokens).toBeGreaterThan(0);
  });

  it('can reproduce the [1x] id quirk between output_item.added and .done', async () => {
    const e = await startEmulator({ responsesIdQuirk: true });
    const frames = await readSSE(
      await postJson(`${e.copilotUrl}/responses`, e.issueCopilotToken(), {
        model: 'gpt-5-mini',
        stream: true,
        input: 'hey',
      }),
    );
    const added = frames.find((f) => f.event === 'response.output_item.added')!.data.item.id;
    const done = frames.find((f) => f.event === 'response.output_item.done')!.data.item.id;
    expect(done).not.toBe(added);
    await e.close();
  });

  it('rejects previous_response_id, orphan outputs, forged reasoning and missing input', async () => {
    let r = await post({ model: 'gpt-5-mini', input: 'x', previous_response_id: 'resp_1' });
    expect((await r.json().then(asAny)).error.code).toBe('previous_response_not_found');
    r = await post({
      model: 'gpt-5-mini',
      input: [{ type: 'function_call_output', call_id: 'call_9', output: 'x' }],
    });
    expect(r.status).toBe(400);
    expect((await r.json().then(asAny)).error.message).toBe(
      'No tool call found for function call output with call_id call_9.',
    );
    r = await post({
      model: 'gpt-5-mini',
      input: [
        { type: 'reasoning', summary: [], encrypted_content: 'gAAAAAforged' },
        { role: 'user', content: 'x' },
      ],
    });
    expect((await r.json().then(asAny)).error.code).toBe('invalid_encrypted_content');
    r = await post({ model: 'gpt-5-mini' });
    expect(r.status).toBe(400);
    r = await post({ model: 'gpt-5-mini', input: 'x', max_output_tokens: 8 });
    expect((await r.json().then(asAny)).error.code).toBe('integer_below_min_value');
  });

  it('rejects chat-only models', async () => {
    const r = await post({ model: 'gpt-4.1', input: 'x' });
    expect((await r.json().then(asAny)).error.code).toBe('unsupported_api_for_model');
  });

  it('requires the vision header for input images', async () => {
    const r = await post({
      model: 'gpt-5.4',
      input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,AA' }] }],
    });
    expect(r.status).toBe(400);
  });
});
