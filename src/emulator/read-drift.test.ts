// The emulator refuses the newer client fields and over-limit output sizes as Copilot does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { asAny, postJson } from './test-support.js';

let emu: Emulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator();
  token = emu.issueCopilotToken();
});
afterAll(() => emu.close());

const post = (path: string, body: unknown) => postJson(`${emu.copilotUrl}${path}`, token, body);
const tool = { name: 't', input_schema: { type: 'object' } };
const base = { model: 'claude-sonnet-4.5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] };

const REFUSED: Array<[string, Record<string, unknown>]> = [
  ['tools.0.eager_input_streaming', { tools: [{ ...tool, eager_input_streaming: true }] }],
  ['tools.0.custom.eager_input_streaming', { tools: [{ ...tool, custom: { eager_input_streaming: true } }] }],
  ['context_management', { context_management: { edits: [] } }],
  [
    'system.0.cache_control.scope',
    { system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral', scope: 'global' } }] },
  ],
  ['tools.1.defer_loading', { tools: [tool, { ...tool, name: 'u', defer_loading: true }] }],
  ['tools.0.input_examples', { tools: [{ ...tool, input_examples: [{}] }] }],
  ['output_config.format', { output_config: { format: { type: 'json_schema', schema: {} } } }],
  ['tools.0.strict', { tools: [{ ...tool, strict: true }] }],
];

describe('/v1/messages refuses the fields newer clients send', () => {
  for (const [field, extra] of REFUSED) {
    it(field, async () => {
      const r = await post('/v1/messages', { ...base, ...extra });
      expect(r.status).toBe(400);
      expect(await r.json().then(asAny)).toEqual({
        type: 'error',
        error: { type: 'invalid_request_error', message: `${field}: Extra inputs are not permitted` },
      });
    });
  }

  it('accepts output_config.effort and a plain cache_control', async () => {
    const r = await post('/v1/messages', {
      ...base,
      output_config: { effort: 'high' },
      system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }],
    });
    expect(r.status).toBe(200);
  });
});

describe('output limits', () => {
  it('refuses max_tokens above the model limit in Copilot wording', async () => {
    const r = await post('/v1/messages', { ...base, max_tokens: 64000 });
    expect(r.status).toBe(400);
    expect((await r.json().then(asAny)).error.message).toBe(
      'max_tokens: 64000 > 32000, which is the maximum allowed number of output tokens for claude-sonnet-4.5',
    );
    expect((await post('/v1/messages', { ...base, max_tokens: 32000 })).status).toBe(200);
  });

  it('refuses over-limit chat and responses sizes', async () => {
    const chat = await post('/chat/completions', {
      model: 'gpt-4o',
      max_tokens: 5000,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(chat.status).toBe(400);
    expect((await chat.json().then(asAny)).error.param).toBe('max_tokens');
    const resp = await post('/responses', { model: 'gpt-5.4', max_output_tokens: 200000, input: 'x' });
    expect(resp.status).toBe(400);
    expect((await resp.json().then(asAny)).error.message).toContain('at most 128000');
  });
});
