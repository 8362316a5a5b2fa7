// The emulator refuses prompts over max_prompt_tokens the way Copilot does, per endpoint, and the
// check can be switched off (option, control API) for tests that legitimately send more.
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

// gpt-5-mini: max_prompt_tokens 128000; the emulator counts ~4 characters per token.
const overChat = { model: 'gpt-5-mini', messages: [{ role: 'user', content: 'z'.repeat(128001 * 4) }] };
const overResponses = { model: 'gpt-5-mini', input: 'z'.repeat(128001 * 4) };

describe('prompt limits', () => {
  it('chat answers model_max_prompt_tokens_exceeded with the counts', async () => {
    const r = await postJson(`${emu.copilotUrl}/chat/completions`, token, overChat);
    expect(r.status).toBe(400);
    const e = (await r.json().then(asAny)).error;
    expect(e.code).toBe('model_max_prompt_tokens_exceeded');
    expect(e.message).toBe('prompt token count of 128001 exceeds the limit of 128000');
  });

  it('responses answers the same wording and code', async () => {
    const r = await postJson(`${emu.copilotUrl}/responses`, token, overResponses);
    expect(r.status).toBe(400);
    const e = (await r.json().then(asAny)).error;
    expect(e.code).toBe('model_max_prompt_tokens_exceeded');
    expect(e.message).toBe('prompt token count of 128001 exceeds the limit of 128000');
  });

  it('accepts a prompt exactly at the limit', async () => {
    const r = await postJson(`${emu.copilotUrl}/chat/completions`, token, {
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'z'.repeat(128000 * 4) }],
    });
    expect(r.status).toBe(200);
  });

  it('can be switched off by the control API and by the option', async () => {
    const off = await fetch(`${emu.copilotUrl}/_emulator/settings`, {
      method: 'POST',
      body: JSON.stringify({ enforcePromptLimits: false }),
    });
    expect(off.status).toBe(200);
    expect((await postJson(`${emu.copilotUrl}/chat/completions`, token, overChat)).status).toBe(200);
    emu.setPromptLimits(true);
    expect((await postJson(`${emu.copilotUrl}/chat/completions`, token, overChat)).status).toBe(400);
    const bad = await fetch(`${emu.copilotUrl}/_emulator/settings`, { method: 'POST', body: '{}' });
    expect(bad.status).toBe(400);

    const lax = await startEmulator({ enforcePromptLimits: false });
    const r = await postJson(`${lax.copilotUrl}/responses`, lax.issueCopilotToken(), overResponses);
    expect(r.status).toBe(200);
    await lax.close();
  });
});
