// Item 3 of issue 11: half-sent requests, headers that never complete and many connections from
// one address must not lock anyone out; only requests talking to Copilot take concurrency slots.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_LIMITS } from '../../src/config/settings.js';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

let stack: LocalStack;
let port: number;

beforeAll(async () => {
  stack = await startLocalStack({
    settings: {
      maxConcurrent: 2,
      clients: {
        ...DEFAULT_CLIENT_LIMITS,
        headersTimeoutMs: 400,
        bodyIdleMs: 400,
        requestTimeoutMs: 60_000,
        maxConnectionsPerAddress: 40,
      },
    },
  });
  port = Number(new URL(stack.url).port);
});
afterAll(async () => {
  await stack?.close();
});

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection. */
function readAll(s: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    s.on('data', (d) => {
      text += d.toString();
    });
    s.on('error', () => resolve(text));
    s.on('close', () => resolve(text));
  });
}

function halfSent(path: string, headers: Record<string, string> = {}): string {
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return `POST ${path} HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n${extra}\r\n{"model":`;
}

const bodyOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));

describe('slow and abusive clients', () => {
  it('half-sent requests take no concurrency slot: /healthz and real requests still answer', async () => {
    const sockets = await Promise.all(Array.from({ length: 10 }, () => open()));
    for (const s of sockets) s.write(halfSent('/v1/chat/completions'));
    const health = await fetch(`${stack.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await health.json()).upstream).toBe(0);
    for (let i = 0; i < 3; i++) {
      const chat = await fetch(`${stack.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: `hi ${i}` }] }),
      });
      expect(chat.status).toBe(200);
      await chat.json();
    }
    for (const s of sockets) s.destroy();
  });

  it('a body that stalls gets a 408 in the caller protocol and the connection closes', async () => {
    const chat = await open();
    const chatDone = readAll(chat);
    chat.write(halfSent('/v1/chat/completions'));
    const anthropic = await open();
    const anthropicDone = readAll(anthropic);
    anthropic.write(halfSent('/v1/messages', { 'anthropic-version': '2023-06-01' }));
    const [c, a] = await Promise.all([chatDone, anthropicDone]);
    expect(c).toMatch(/^HTTP\/1\.1 408/);
    expect(bodyOf(c).error.message).toMatch(/body stalled/);
    expect(a).toMatch(/^HTTP\/1\.1 408/);
    expect(bodyOf(a)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('a body that keeps trickling in is not cut by the idle timeout', async () => {
    const s = await open();
    const done = readAll(s);
    const body = JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'slow body' }] });
    s.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`,
    );
    // Four pieces, each within the idle limit of the previous one (progress, not total time).
    const pieces = [body.slice(0, 10), body.slice(10, 20), body.slice(20, 30), body.slice(30)];
    for (const p of pieces) {
      s.write(p);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(await done).toMatch(/^HTTP\/1\.1 200/);
  });

  it('headers that never complete are closed', async () => {
    const s = await open();
    const done = readAll(s);
    s.write('POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n');
    const raw = await done;
    expect(raw === '' || raw.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('connections beyond the per-address limit get a 429 and close; the others are served', async () => {
    const held = await Promise.all(Array.from({ length: 40 }, () => open()));
    const extra = await open();
    const raw = await readAll(extra);
    expect(raw).toMatch(/^HTTP\/1\.1 429/);
    expect(bodyOf(raw).error.code).toBe('too_many_connections');
    for (const s of held) s.destroy();
    // Freed: a new connection is served again (once the server has seen the closes).
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${stack.url}/healthz`).catch(() => undefined);
      if (res?.status === 200) break;
      expect(attempt).toBeLessThan(50);
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  it('a slot is held while a request talks to Copilot and given back when it ends', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      times: 1,
      fault: { kind: 'delay-headers', delayMs: 800 },
    });
    const slow = fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'slow' }] }),
    });
    while (stack.gateway.ctx.admission.inflight === 0) await new Promise((r) => setTimeout(r, 10));
    expect(stack.gateway.ctx.admission.inflight).toBe(1);
    expect((await slow).status).toBe(200);
    await (await slow).text();
    while (stack.gateway.ctx.admission.inflight !== 0) await new Promise((r) => setTimeout(r, 10));
    expect(stack.gateway.ctx.admission.inflight).toBe(0);
  });
});
