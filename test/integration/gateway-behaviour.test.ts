// Gateway behaviour that is not about one protocol: aborts, load shedding, upstream surprises,
// /usage and /token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    settings: { maxConcurrent: 2, retry: { maxAttempts: 1, maxRetryAfterSec: 1, baseDelayMs: 5 } },
  });
});
afterAll(async () => {
  await stack?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  });

async function waitFor(cond: () => boolean, limitMs: number): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

describe('gateway behaviour', () => {
  it('a client that disconnects aborts the upstream call at once', async () => {
    // The upstream would hold the request for 20 s; the gateway must let go when the client does.
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'delay-headers', delayMs: 20_000 },
    });
    const ac = new AbortController();
    const pending = post(
      '/v1/chat/completions',
      { model: 'gpt-4.1', messages: [{ role: 'user', content: 'abandon me' }] },
      {},
      ac.signal,
    ).catch((e) => e);
    expect(await waitFor(() => stack.gateway.ctx.load.inflight === 1, 5000)).toBe(true);
    ac.abort();
    await pending;
    expect(await waitFor(() => stack.gateway.ctx.load.inflight === 0, 5000)).toBe(true);
    stack.emulator.clearFaults();
  });

  it('sheds load beyond maxConcurrent with a retryable error in the caller protocol', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      times: 2,
      fault: { kind: 'delay-headers', delayMs: 1500 },
    });
    const slow = [1, 2].map((i) =>
      post('/v1/chat/completions', { model: 'gpt-4.1', messages: [{ role: 'user', content: `slow ${i}` }] }),
    );
    expect(await waitFor(() => stack.gateway.ctx.load.inflight === 2, 5000)).toBe(true);
    const chat = await post('/v1/chat/completions', {
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'shed me' }],
    });
    expect(chat.status).toBe(503);
    expect(chat.headers.get('retry-after')).toBe('1');
    expect((await chat.json()).error.message).toMatch(/concurrency limit/);
    const anthropic = await post(
      '/v1/messages',
      { model: 'claude-sonnet-4.5', max_tokens: 10, messages: [{ role: 'user', content: 'shed me' }] },
      { 'anthropic-version': '2023-06-01' },
    );
    expect(anthropic.status).toBe(529);
    expect((await anthropic.json()).error.type).toBe('overloaded_error');
    await Promise.all(slow.map(async (p) => (await p).text()));
  });

  it('maps a plain-text upstream error about our headers to a 502 that says what to do', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: {
        kind: 'status',
        status: 400,
        body: 'bad request: missing Editor-Version header for IDE auth',
        headers: { 'content-type': 'text/plain' },
      },
    });
    const res = await post('/v1/chat/completions', {
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.status).toBe(502);
    expect((await res.json()).error.message).toMatch(/identity/);
  });

  it('never turns an HTML error page into a client-visible blob', async () => {
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: {
        kind: 'status',
        status: 502,
        body: '<html><body>Bad gateway</body></html>',
        headers: { 'content-type': 'text/html' },
      },
    });
    const res = await post('/v1/chat/completions', {
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.status).toBe(502);
    const body = await res.json();
    expect(body.error.message).toMatch(/HTML error page/);
  });

  it('rejects wrong shapes with a 400, never a 500', async () => {
    const cases: Array<[string, unknown]> = [
      ['/v1/chat/completions', { model: 'gpt-4.1', messages: 'hi' }],
      ['/v1/chat/completions', [1, 2]],
      ['/v1/messages', { model: 'claude-sonnet-4.5', messages: [] }],
      ['/v1/responses', { model: 'gpt-5-codex' }],
      ['/v1/embeddings', { model: 'text-embedding-3-small' }],
    ];
    for (const [path, body] of cases) {
      const res = await post(path, body, { 'anthropic-version': '2023-06-01' });
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
    }
    // fetch labels a string body text/plain, which issue 10 refuses (403: a page can forge it).
    const empty = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(400);
  });

  it('answers unknown paths with a 404 in the protocol of the path', async () => {
    const res = await fetch(`${stack.url}/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.type).toBe('not_found_error');
  });

  it('serves /usage from copilot_internal/user', async () => {
    const res = await fetch(`${stack.url}/usage`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.quota_snapshots.premium_interactions).toBeDefined();
  });

  it('serves /token only with --show-token', async () => {
    expect((await fetch(`${stack.url}/token`)).status).toBe(403);
    const open = await startLocalStack({ settings: { showToken: true } });
    try {
      const body = await (await fetch(`${open.url}/token`)).json();
      expect(body.token).toMatch(/^tid=/);
    } finally {
      await open.close();
    }
  });
});
