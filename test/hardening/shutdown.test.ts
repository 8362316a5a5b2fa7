// Graceful shutdown (issue 11, item 11): closing the gateway stops accepting, lets a request that
// finishes within the grace period complete, and ends every stream still open after it with the
// protocol's own error event (never a silent cut).
import { describe, expect, it } from 'vitest';
import { startLocalStack } from '../../src/dev/local-stack.js';
import { parseSSEText } from '../../src/protocols/sse/parse.js';

const STREAMS = [
  {
    path: '/v1/chat/completions',
    headers: {},
    body: { model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: '[[long:400]]' }] },
    isError: (text: string) => parseSSEText(text).some((e) => e.data.includes('"error"')),
  },
  {
    path: '/v1/messages',
    headers: { 'anthropic-version': '2023-06-01' },
    body: {
      model: 'claude-sonnet-4.5',
      max_tokens: 4000,
      stream: true,
      messages: [{ role: 'user', content: '[[long:400]]' }],
    },
    isError: (text: string) => parseSSEText(text).at(-1)?.event === 'error',
  },
  {
    path: '/v1/responses',
    headers: {},
    body: { model: 'gpt-5-mini', stream: true, input: '[[long:400]]' },
    isError: (text: string) => parseSSEText(text).at(-1)?.event === 'response.failed',
  },
  {
    path: '/v1beta/models/gpt-4.1:streamGenerateContent?alt=sse',
    headers: {},
    body: { contents: [{ role: 'user', parts: [{ text: '[[long:400]]' }] }] },
    isError: (text: string) => parseSSEText(text).some((e) => e.data.includes('"error"')),
  },
];

describe('graceful shutdown', () => {
  it('ends streams still open after the grace period with their protocol error event', async () => {
    const stack = await startLocalStack({ settings: { shutdownGraceMs: 300 } });
    for (const path of ['/chat/completions', '/v1/messages', '/responses'])
      stack.emulator.injectFault({ match: { path }, times: 10, fault: { kind: 'slow-stream', delayMs: 50 } });
    const pending = STREAMS.map(async (s) => {
      const res = await fetch(`${stack.url}${s.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...s.headers },
        body: JSON.stringify(s.body),
      });
      return { s, status: res.status, text: await res.text() };
    });
    while (stack.gateway.ctx.admission.inflight < STREAMS.length) await new Promise((r) => setTimeout(r, 10));
    const closing = stack.close();
    // No new connections once shutdown has begun.
    const refused = await fetch(`${stack.url}/healthz`).then(
      () => false,
      () => true,
    );
    expect(refused).toBe(true);
    for (const { s, status, text } of await Promise.all(pending)) {
      expect(status, s.path).toBe(200);
      expect(s.isError(text), `${s.path}: ${text.slice(-300)}`).toBe(true);
    }
    await closing;
  });

  it('a request that finishes within the grace period completes normally', async () => {
    const stack = await startLocalStack({ settings: { shutdownGraceMs: 10_000 } });
    stack.emulator.injectFault({
      match: { path: '/chat/completions' },
      fault: { kind: 'slow-stream', delayMs: 20 },
    });
    const pending = fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4.1',
        stream: true,
        messages: [{ role: 'user', content: '[[long:20]]' }],
      }),
    }).then((r) => r.text());
    while (stack.gateway.ctx.admission.inflight < 1) await new Promise((r) => setTimeout(r, 10));
    const closing = stack.close();
    const text = await pending;
    expect(text).toMatch(/data: \[DONE\]/);
    expect(text).not.toMatch(/"error"/);
    await closing;
  });
});
