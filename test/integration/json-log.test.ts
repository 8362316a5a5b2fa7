// `--log-format json` end to end: the composition root gives the access-log subscriber the
// settings' format, so every line the gateway writes for a request is one JSON object, and the
// access line carries the request's whole OutcomeRecord. Real sockets, the emulator upstream.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';
import { createLogger } from '../../src/util/log.js';

let stack: LocalStack;
const lines: string[] = [];
const records: OutcomeRecord[] = [];

beforeAll(async () => {
  const log = createLogger({ level: 'info', format: 'json', sink: (l) => lines.push(l) });
  stack = await startLocalStack({ log, settings: { logFormat: 'json' } });
  stack.gateway.ctx.outcomes.subscribe((r) => records.push(r));
});
afterAll(async () => {
  await stack?.close();
});

describe('json log format through the gateway', () => {
  it('a streamed chat request: one JSON access line holding its outcome record', async () => {
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused' });
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'gpt-4.1',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Hello there' }],
      })
      .withResponse();
    for await (const _chunk of stream) {
      // drain
    }
    const traceId = response.headers.get('x-trace-id');
    expect(traceId).toBeTruthy();

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = parsed.filter((p) => p.msg === 'request' && p.traceId === traceId);
    expect(access).toHaveLength(1);
    const { time, level, msg, ...fields } = access[0] ?? {};
    expect([typeof time, level, msg]).toEqual(['string', 'info', 'request']);
    const record = records.find((r) => r.traceId === traceId);
    expect(record?.usage?.outputTokens).toBeGreaterThan(0);
    expect(fields).toEqual(JSON.parse(JSON.stringify(record)));
    expect(fields).toMatchObject({ path: '/v1/chat/completions', ingress: 'openai-chat', status: 200 });
  });

  it('a client mistake is logged as JSON too, with its error kind', async () => {
    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model": "gpt-4.1", "messages": ',
    });
    expect(res.status).toBe(400);
    const traceId = res.headers.get('x-trace-id');
    const access = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((p) => p.msg === 'request' && p.traceId === traceId);
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ status: 400, errorKind: expect.any(String) });
  });
});
