import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultStore, validateRule } from './faults.js';
import { type Emulator, type LoggedRequest, startEmulator } from './index.js';
import { asAny, copilotHeaders, postJson, readSSE } from './test-support.js';

let emu: Emulator;
let token: string;
beforeEach(async () => {
  emu = await startEmulator();
  token = emu.issueCopilotToken();
});
afterEach(() => emu.close());

const chatBody = (stream = false, model = 'gpt-4.1') => ({
  model,
  stream,
  messages: [{ role: 'user', content: 'hi' }],
});
const chat = (body: unknown = chatBody(), t = token) =>
  postJson(`${emu.copilotUrl}/chat/completions`, t, body);

describe('FaultStore', () => {
  it('matches in order, decrements times and separates pre from stream faults', () => {
    const s = new FaultStore();
    s.add({ match: { model: 'a' }, fault: { kind: 'status', status: 500 } });
    s.add({ times: 2, fault: { kind: 'status', status: 503 } });
    s.add({ fault: { kind: 'cut-stream', afterEvents: 1 } });
    const t = (model: string) => ({ server: 'copilot' as const, paths: ['/chat/completions'], model });
    expect(s.takePre(t('b'))).toMatchObject({ status: 503 });
    expect(s.takePre(t('a'))).toMatchObject({ status: 500 });
    expect(s.takePre(t('a'))).toMatchObject({ status: 503 });
    expect(s.takePre(t('a'))).toBeUndefined();
    expect(s.takeStream(t('a'))).toMatchObject({ kind: 'cut-stream' });
    expect(s.size).toBe(0);
  });

  it('rejects malformed rules', () => {
    expect(() => validateRule({ fault: { kind: 'status' } })).toThrow();
    expect(() => validateRule({ fault: { kind: 'explode' } })).toThrow();
    expect(() => validateRule({ fault: { kind: 'slow-stream', delayMs: -1 } })).toThrow();
    expect(() => validateRule({ times: 0, fault: { kind: 'drop-connection' } })).toThrow();
  });
});

describe('faults over HTTP', () => {
  it('status: replies with the given status, body and headers once', async () => {
    emu.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'status', status: 429, headers: { 'retry-after': '2' } },
    });
    const r = await chat();
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('2');
    expect(await r.json().then(asAny)).toEqual({
      error: { message: 'rate limit exceeded', code: 'rate_limited' },
    });
    expect((await chat()).status).toBe(200);
  });

  it('status: plain-text and JSON bodies, matched by model and server', async () => {
    emu.injectFault({
      match: { model: 'claude-sonnet-4.5' },
      fault: { kind: 'status', status: 502, body: 'Bad Gateway' },
    });
    emu.injectFault({
      match: { server: 'github' },
      times: 2,
      fault: {
        kind: 'status',
        status: 402,
        body: { error: { message: 'You have no quota', code: 'quota_exceeded' } },
      },
    });
    expect((await chat()).status).toBe(200);
    const r = await chat(chatBody(false, 'claude-sonnet-4.5'));
    expect(r.status).toBe(502);
    expect(await r.text()).toBe('Bad Gateway');
    const g = await fetch(`${emu.githubUrl}/copilot_internal/v2/token`, {
      headers: { authorization: 'token ghu_emulator_token' },
    });
    expect(g.status).toBe(402);
    expect((await g.json().then(asAny)).error.code).toBe('quota_exceeded');
  });

  it('expired-token: 401 and the presented token stays invalid; a new exchange works', async () => {
    emu.injectFault({ fault: { kind: 'expired-token' } });
    const r = await chat();
    expect(r.status).toBe(401);
    expect(await r.text()).toBe('unauthorized: token expired');
    const again = await chat();
    expect(again.status).toBe(401);
    expect(await again.text()).toBe('unauthorized: token expired');
    const fresh = await (
      await fetch(`${emu.githubUrl}/copilot_internal/v2/token`, {
        headers: { authorization: 'token ghu_emulator_token' },
      })
    )
      .json()
      .then(asAny);
    expect((await chat(chatBody(), fresh.token)).status).toBe(200);
  });

  it('cut-stream: the stream starts, then the connection dies before [DONE]', async () => {
    emu.injectFault({ fault: { kind: 'cut-stream', afterEvents: 2 } });
    const r = await chat(chatBody(true));
    expect(r.status).toBe(200);
    await expect(r.text()).rejects.toThrow();
    // Taken once: the next stream is complete.
    const frames = await readSSE(await chat(chatBody(true)));
    expect(frames.at(-1)!.data).toBe('[DONE]');
  });

  it('cut-stream: also truncates a non-stream JSON body', async () => {
    emu.injectFault({ fault: { kind: 'cut-stream', afterEvents: 0 } });
    const r = await chat();
    await expect(r.text()).rejects.toThrow();
  });

  it('a stream fault is not used up by a request that fails validation', async () => {
    emu.injectFault({ fault: { kind: 'cut-stream', afterEvents: 1 } });
    expect((await chat({ model: 'nope', messages: [] })).status).toBe(400);
    const r = await chat(chatBody(true));
    await expect(r.text()).rejects.toThrow();
  });

  it('slow-stream: delivers the same frames in separate writes', async () => {
    emu.injectFault({ fault: { kind: 'slow-stream', delayMs: 5 } });
    const r = await chat(chatBody(true));
    const reader = r.body!.getReader();
    let reads = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      reads++;
      text += new TextDecoder().decode(value);
    }
    expect(reads).toBeGreaterThan(3);
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('silent: headers arrive, then the body stalls (close() ends the wait)', async () => {
    emu.injectFault({ fault: { kind: 'silent', silenceMs: 600_000, afterEvents: 1 } });
    const r = await chat(chatBody(true));
    expect(r.status).toBe(200);
    const reader = r.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('prompt_filter_results');
    const rest = reader.read();
    // Without close() this read would wait ten minutes (and the test would time out).
    await emu.close();
    await rest.catch(() => undefined);
  });

  it('silent: continues after the silence with the full stream', async () => {
    emu.injectFault({ fault: { kind: 'silent', silenceMs: 10 } });
    const frames = await readSSE(await chat(chatBody(true)));
    expect(frames.at(-1)!.data).toBe('[DONE]');
  });

  it('delay-headers: waits, then answers normally (close() cancels a long wait)', async () => {
    emu.injectFault({ fault: { kind: 'delay-headers', delayMs: 10 } });
    expect((await chat()).status).toBe(200);
    emu.injectFault({ fault: { kind: 'delay-headers', delayMs: 600_000 } });
    const pending = chat().then(
      (r) => r.status,
      () => 'failed',
    );
    while (emu.requests.filter((q) => q.path === '/chat/completions').length < 2)
      await new Promise((r) => setImmediate(r));
    await emu.close();
    expect(['failed', 200]).toContain(await pending);
  });

  it('drop-connection: the socket closes without a response', async () => {
    emu.injectFault({ match: { path: '/models' }, fault: { kind: 'drop-connection' } });
    await expect(fetch(`${emu.copilotUrl}/models`, { headers: copilotHeaders(token) })).rejects.toThrow();
    expect((await fetch(`${emu.copilotUrl}/models`, { headers: copilotHeaders(token) })).status).toBe(200);
  });

  it('matches GitHub paths with or without /api/v3', async () => {
    emu.injectFault({ match: { path: '/user' }, fault: { kind: 'status', status: 500 } });
    const r = await fetch(`${emu.githubUrl}/api/v3/user`, {
      headers: { authorization: 'token ghu_emulator_token' },
    });
    expect(r.status).toBe(500);
  });

  it('control API: add, list requests, clear', async () => {
    const add = await fetch(`${emu.copilotUrl}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ times: 3, fault: { kind: 'status', status: 503 } }),
    });
    expect(add.status).toBe(201);
    expect((await chat()).status).toBe(503);
    const bad = await fetch(`${emu.copilotUrl}/_emulator/faults`, {
      method: 'POST',
      body: '{"fault":{"kind":"x"}}',
    });
    expect(bad.status).toBe(400);
    await fetch(`${emu.copilotUrl}/_emulator/faults`, { method: 'DELETE' });
    expect((await chat()).status).toBe(200);
    const log = (await (await fetch(`${emu.copilotUrl}/_emulator/requests`)).json()) as LoggedRequest[];
    expect(log.filter((q) => q.path === '/chat/completions')).toHaveLength(2);
    expect(log.some((q) => q.path.startsWith('/_emulator'))).toBe(false);
  });

  it('clearFaults drops pending rules', async () => {
    emu.injectFault({ times: 5, fault: { kind: 'status', status: 500 } });
    emu.clearFaults();
    expect((await chat()).status).toBe(200);
  });
});
