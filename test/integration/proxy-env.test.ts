// --proxy-env: upstream calls go through HTTP_PROXY (a forward proxy on loopback here), and
// NO_PROXY exempts hosts from it.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

let proxy: Server;
let proxied: string[] = [];
let proxyUrl = '';
const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };

beforeAll(async () => {
  // A plain forward proxy: absolute-form request lines, forwarded as they are.
  proxy = createServer((req, res) => {
    proxied.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '/');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  // undici tunnels through the proxy with CONNECT, also for http:// targets.
  proxy.on('connect', (req, client, head) => {
    proxied.push(`CONNECT ${req.url}`);
    const [host, port] = String(req.url).split(':');
    const server = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      server.write(head);
      server.pipe(client);
      client.pipe(server);
    });
    server.on('error', () => client.destroy());
    client.on('error', () => server.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  process.env.HTTP_PROXY = saved.HTTP_PROXY;
  process.env.NO_PROXY = saved.NO_PROXY;
  if (saved.HTTP_PROXY === undefined) delete process.env.HTTP_PROXY;
  if (saved.NO_PROXY === undefined) delete process.env.NO_PROXY;
  proxy?.close();
});

async function chatThrough(stack: LocalStack): Promise<number> {
  const res = await fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'via proxy?' }] }),
  });
  await res.text();
  return res.status;
}

describe('--proxy-env', () => {
  it('sends Copilot calls through HTTP_PROXY', async () => {
    process.env.HTTP_PROXY = proxyUrl;
    delete process.env.NO_PROXY;
    proxied = [];
    const stack = await startLocalStack({ settings: { proxyEnv: true } });
    try {
      expect(await chatThrough(stack)).toBe(200);
      const copilotHost = new URL(stack.emulator.copilotUrl).host;
      expect(
        proxied.some(
          (line) =>
            line === `CONNECT ${copilotHost}` || line.startsWith(`POST ${stack.emulator.copilotUrl}/`),
        ),
        proxied.join('\n'),
      ).toBe(true);
    } finally {
      await stack.close();
    }
  });

  it('leaves NO_PROXY hosts alone, and ignores the proxy without --proxy-env', async () => {
    process.env.HTTP_PROXY = proxyUrl;
    process.env.NO_PROXY = '127.0.0.1';
    proxied = [];
    const exempt = await startLocalStack({ settings: { proxyEnv: true } });
    try {
      expect(await chatThrough(exempt)).toBe(200);
    } finally {
      await exempt.close();
    }
    delete process.env.NO_PROXY;
    const plain = await startLocalStack({ settings: { proxyEnv: false } });
    try {
      expect(await chatThrough(plain)).toBe(200);
    } finally {
      await plain.close();
    }
    expect(proxied).toEqual([]);
  });

  it('sends count_tokens forwarding to Anthropic through the same proxy', async () => {
    const anthropic = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"input_tokens":7}');
    });
    await new Promise<void>((r) => anthropic.listen(0, '127.0.0.1', r));
    const anthropicUrl = `http://127.0.0.1:${(anthropic.address() as AddressInfo).port}`;
    process.env.HTTP_PROXY = proxyUrl;
    delete process.env.NO_PROXY;
    proxied = [];
    const stack = await startLocalStack({
      settings: { proxyEnv: true, anthropicApiKey: 'sk-ant-test-key-000000', anthropicApiUrl: anthropicUrl },
    });
    try {
      const res = await fetch(`${stack.url}/v1/messages/count_tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-sonnet-4.5', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(await res.json()).toEqual({ input_tokens: 7 });
      const host = new URL(anthropicUrl).host;
      expect(
        proxied.some((line) => line === `CONNECT ${host}` || line.startsWith(`POST ${anthropicUrl}/`)),
        proxied.join('\n'),
      ).toBe(true);
    } finally {
      await stack.close();
      anthropic.close();
    }
  });
});
