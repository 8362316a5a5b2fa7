import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPILOT_FAILURES, type CopilotFailure } from './faults-copilot.js';
import { type Emulator, startEmulator } from './index.js';
import { copilotHeaders } from './test-support.js';

/** node:http, not fetch: fetch (undici) retries a 421 on its own, which would hide it. */
function post(url: string, token: string, body: unknown) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = request(url, { method: 'POST', headers: copilotHeaders(token) }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    },
  );
}

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('copilot-failure faults', () => {
  for (const [name, preset] of Object.entries(COPILOT_FAILURES) as Array<
    [CopilotFailure, (typeof COPILOT_FAILURES)[CopilotFailure]]
  >) {
    it(`${name} answers ${preset.status} once`, async () => {
      emu.injectFault({
        match: { path: '/chat/completions' },
        fault: { kind: 'copilot-failure', failure: name },
      });
      const body = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] };
      const url = `${emu.copilotUrl}/chat/completions`;
      const r = await post(url, emu.issueCopilotToken(), body);
      expect(r.status).toBe(preset.status);
      expect(r.text).toContain(typeof preset.body === 'string' ? preset.body : JSON.stringify(preset.body));
      const headers: Record<string, string> = 'headers' in preset ? preset.headers : {};
      for (const [k, v] of Object.entries(headers)) expect(r.headers[k]).toBe(v);
      expect((await post(url, emu.issueCopilotToken(), body)).status).toBe(200);
    });
  }

  it('refuses an unknown failure name', async () => {
    const r = await fetch(`${emu.copilotUrl}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: { kind: 'copilot-failure', failure: 'nope' } }),
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('unknown Copilot failure nope');
  });
});
