// /v1/messages/count_tokens with anthropicApiKey: forwarded to Anthropic's own endpoint (a local
// stand-in here, on loopback), and counted locally when Anthropic cannot answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

let anthropic: Server;
let seen: Array<{ headers: Record<string, unknown>; body: string }> = [];
let stack: LocalStack;

beforeAll(async () => {
  anthropic = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      const model = JSON.parse(body).model;
      if (model === 'claude-sonnet-4.5') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `model: ${model}` } }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ input_tokens: 4242 }));
    });
  });
  await new Promise<void>((r) => anthropic.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(anthropic.address() as AddressInfo).port}`;
  stack = await startLocalStack({
    settings: { anthropicApiKey: 'sk-ant-test-key-000000', anthropicApiUrl: url },
  });
});
afterAll(async () => {
  await stack?.close();
  anthropic?.close();
});

const count = (model: string) =>
  fetch(`${stack.url}/v1/messages/count_tokens?beta=true`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'token-counting-2024-11-01',
    },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Count me, please.' }] }),
  });

describe('count_tokens forwarded to Anthropic', () => {
  it('returns Anthropic’s exact count, with the key and beta header sent', async () => {
    seen = [];
    const res = await count('claude-sonnet-4-5-20250929');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ input_tokens: 4242 });
    expect(seen[0].headers['x-api-key']).toBe('sk-ant-test-key-000000');
    expect(seen[0].headers['anthropic-beta']).toBe('token-counting-2024-11-01');
  });

  it('falls back to the local count when Anthropic does not know the (Copilot) model name', async () => {
    const res = await count('claude-sonnet-4.5');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.input_tokens).toBeGreaterThan(0);
    expect(body.input_tokens).not.toBe(4242);
  });
});
