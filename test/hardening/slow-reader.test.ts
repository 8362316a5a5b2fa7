// The slow-reader case of issue 11: a client that does not read its stream must not make the
// gateway buffer the answer. Backpressure reaches Copilot instead (the upstream connection is
// paused), and the client still gets the whole stream when it reads again.
import type { ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

let stack: LocalStack;
const responses: ServerResponse[] = [];

beforeAll(async () => {
  stack = await startLocalStack();
  stack.gateway.server.on('request', (_req, res: ServerResponse) => responses.push(res));
});
afterAll(async () => {
  await stack?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CASES = [
  {
    name: 'chat passthrough',
    path: '/v1/chat/completions',
    body: { model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: '[[long:60000]]' }] },
    headers: {},
  },
  {
    name: 'translated (Anthropic → chat)',
    path: '/v1/messages',
    body: {
      model: 'gpt-4.1',
      max_tokens: 64000,
      stream: true,
      messages: [{ role: 'user', content: '[[long:60000]]' }],
    },
    headers: { 'anthropic-version': '2023-06-01' },
  },
];

describe('slow reader', () => {
  for (const c of CASES) {
    it(`${c.name}: the gateway holds a bounded amount while the client reads nothing`, async () => {
      const port = Number(new URL(stack.url).port);
      const socket = connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.pause();
      const body = JSON.stringify(c.body);
      const extra = Object.entries(c.headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      const before = responses.length;
      socket.write(
        `POST ${c.path} HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n${extra}\r\n${body}`,
      );
      while (responses.length === before) await sleep(10);
      const res = responses[responses.length - 1];
      // Sample what the gateway has queued for this client while it reads nothing.
      let peak = 0;
      for (let i = 0; i < 40; i++) {
        peak = Math.max(peak, res.writableLength);
        await sleep(25);
      }
      expect(res.writableFinished).toBe(false); // still waiting on the client: backpressure works
      expect(peak).toBeLessThan(1024 * 1024);
      // Reading again: the whole stream arrives and ends properly.
      const terminal = c.path === '/v1/messages' ? 'event: message_stop' : 'data: [DONE]';
      let received = 0;
      let tail = '';
      await new Promise<void>((resolve) => {
        socket.on('data', (d: Buffer) => {
          received += d.length;
          tail = (tail + d.toString('latin1')).slice(-200);
          if (tail.includes(terminal)) resolve();
        });
        socket.resume();
      });
      socket.destroy();
      expect(received).toBeGreaterThan(4 * 1024 * 1024); // far beyond what was queued
    });
  }
});
