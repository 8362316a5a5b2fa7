// Accounts whose /models has no endpoint metadata (hideEndpointMetadata): the listing omits
// supported_endpoints, and each model is still served only on its real endpoints.
import { afterAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { asAny, copilotHeaders, postJson } from './test-support.js';

const started: Emulator[] = [];
afterAll(async () => {
  for (const e of started) await e.close();
});

async function emulator(hide: boolean | 'misdirected') {
  const emu = await startEmulator({ hideEndpointMetadata: hide });
  started.push(emu);
  return { emu, token: emu.issueCopilotToken() };
}

describe('models listed without endpoint metadata', () => {
  it('lists no supported_endpoints and refuses the wrong endpoint with unsupported_api_for_model', async () => {
    const { emu, token } = await emulator(true);
    const list = await (await fetch(`${emu.copilotUrl}/models`, { headers: copilotHeaders(token) }))
      .json()
      .then(asAny);
    expect(list.data.length).toBeGreaterThan(3);
    expect(list.data.every((m: Record<string, unknown>) => !('supported_endpoints' in m))).toBe(true);
    const wrong = await postJson(`${emu.copilotUrl}/chat/completions`, token, {
      model: 'gpt-5-codex',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json().then(asAny)).error).toMatchObject({
      code: 'unsupported_api_for_model',
      message: 'model "gpt-5-codex" is not accessible via the /chat/completions endpoint',
    });
    const right = await postJson(`${emu.copilotUrl}/responses`, token, { model: 'gpt-5-codex', input: 'hi' });
    expect(right.status).toBe(200);
  });

  it('answers 421 Misdirected Request on the wrong endpoint when told to', async () => {
    const { emu, token } = await emulator('misdirected');
    const wrong = await postJson(`${emu.copilotUrl}/chat/completions`, token, {
      model: 'gpt-5-codex',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(wrong.status).toBe(421);
    expect(await wrong.text()).toBe('Misdirected Request');
  });

  it('keeps the metadata by default', async () => {
    const { emu, token } = await emulator(false);
    const list = await (await fetch(`${emu.copilotUrl}/models`, { headers: copilotHeaders(token) }))
      .json()
      .then(asAny);
    expect(list.data.find((m: { id: string }) => m.id === 'gpt-5-codex').supported_endpoints).toEqual([
      '/responses',
    ]);
  });
});
