// The fault matrix of issue 11: every ingress × stream/non-stream × each upstream fault the
// emulator can inject, with the client's outcome defined and asserted per cell. Outcomes:
//   ok        — 200 and a complete answer (the gateway retried or refreshed behind the client);
//   error N   — an HTTP error with status N (per protocol) in the protocol's own error shape;
//   mid-error — a 200 stream that ends with the protocol's own error event (never a silent cut).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS } from '../../src/config/settings.js';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import type { FaultKind } from '../../src/emulator/index.js';
import { parseSSEText } from '../../src/protocols/sse/parse.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    settings: {
      retry: { maxAttempts: 3, maxRetryAfterSec: 1, baseDelayMs: 5 },
      timeouts: { ...DEFAULT_TIMEOUTS, firstByteMs: 400, idleMs: 400 },
    },
  });
});
afterAll(async () => {
  await stack?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: loose JSON
type Json = Record<string, any>;
type Protocol = 'chat' | 'responses' | 'anthropic' | 'gemini';

interface Ingress {
  protocol: Protocol;
  upstreamPath: string;
  request(stream: boolean): { path: string; body: unknown; headers?: Record<string, string> };
}

const INGRESSES: Ingress[] = [
  {
    protocol: 'chat',
    upstreamPath: '/chat/completions',
    request: (stream) => ({
      path: '/v1/chat/completions',
      body: { model: 'gpt-4.1', stream, messages: [{ role: 'user', content: 'hello [[long:30]]' }] },
    }),
  },
  {
    protocol: 'responses',
    upstreamPath: '/responses',
    request: (stream) => ({
      path: '/v1/responses',
      body: { model: 'gpt-5-mini', stream, input: 'hello [[long:30]]' },
    }),
  },
  {
    protocol: 'anthropic',
    upstreamPath: '/v1/messages',
    request: (stream) => ({
      path: '/v1/messages',
      headers: { 'anthropic-version': '2023-06-01' },
      body: {
        model: 'claude-sonnet-4.5',
        max_tokens: 200,
        stream,
        messages: [{ role: 'user', content: 'hello [[long:30]]' }],
      },
    }),
  },
  {
    protocol: 'gemini',
    upstreamPath: '/chat/completions',
    request: (stream) => ({
      path: stream
        ? '/v1beta/models/gpt-4.1:streamGenerateContent?alt=sse'
        : '/v1beta/models/gpt-4.1:generateContent',
      body: { contents: [{ role: 'user', parts: [{ text: 'hello [[long:30]]' }] }] },
    }),
  },
];

type Outcome =
  | { kind: 'ok' }
  | { kind: 'error'; status: Record<Protocol, number> | number }
  | { kind: 'mid-error' };
const same = (n: number) => ({ chat: n, responses: n, anthropic: n, gemini: n });

interface Cell {
  name: string;
  fault: FaultKind;
  times: number;
  stream: Outcome;
  nonStream: Outcome;
}

const HTML = '<html><body><h1>502 Bad Gateway</h1></body></html>';
const CELLS: Cell[] = [
  {
    name: '429 always (retry-after above the cap)',
    fault: { kind: 'status', status: 429, headers: { 'retry-after': '60' } },
    times: 10,
    stream: { kind: 'error', status: same(429) },
    nonStream: { kind: 'error', status: same(429) },
  },
  {
    name: '429 once',
    fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
    times: 1,
    stream: { kind: 'ok' },
    nonStream: { kind: 'ok' },
  },
  {
    name: '5xx always',
    fault: { kind: 'status', status: 500 },
    times: 10,
    // Copilot's own status reaches the client after the retries, in the client's shape.
    stream: { kind: 'error', status: same(500) },
    nonStream: { kind: 'error', status: same(500) },
  },
  {
    name: '5xx once',
    fault: { kind: 'status', status: 503 },
    times: 1,
    stream: { kind: 'ok' },
    nonStream: { kind: 'ok' },
  },
  {
    name: 'mid-stream cut',
    fault: { kind: 'cut-stream', afterEvents: 3 },
    times: 1,
    stream: { kind: 'mid-error' },
    nonStream: { kind: 'error', status: same(502) },
  },
  {
    name: 'slow stream',
    fault: { kind: 'slow-stream', delayMs: 5 },
    times: 1,
    stream: { kind: 'ok' },
    nonStream: { kind: 'ok' },
  },
  {
    name: 'token expiry',
    fault: { kind: 'expired-token' },
    times: 1,
    stream: { kind: 'ok' },
    nonStream: { kind: 'ok' },
  },
  {
    name: 'connection dropped once',
    fault: { kind: 'drop-connection' },
    times: 1,
    stream: { kind: 'ok' },
    nonStream: { kind: 'ok' },
  },
  {
    name: 'connection refused always',
    fault: { kind: 'drop-connection' },
    times: 10,
    stream: { kind: 'error', status: same(502) },
    nonStream: { kind: 'error', status: same(502) },
  },
  {
    name: 'silent past the first-byte timeout',
    fault: { kind: 'delay-headers', delayMs: 1500 },
    times: 1,
    stream: { kind: 'error', status: same(504) },
    nonStream: { kind: 'error', status: same(504) },
  },
  {
    name: 'HTML error body',
    fault: { kind: 'status', status: 502, body: HTML, headers: { 'content-type': 'text/html' } },
    times: 10,
    stream: { kind: 'error', status: same(502) },
    nonStream: { kind: 'error', status: same(502) },
  },
  {
    name: 'plain-text 400 body',
    fault: {
      kind: 'status',
      status: 400,
      body: 'bad request: something odd',
      headers: { 'content-type': 'text/plain' },
    },
    times: 1,
    stream: { kind: 'error', status: { chat: 400, responses: 400, anthropic: 400, gemini: 400 } },
    nonStream: { kind: 'error', status: { chat: 400, responses: 400, anthropic: 400, gemini: 400 } },
  },
  {
    name: 'truncated JSON',
    fault: {
      kind: 'status',
      status: 200,
      body: '{"id":"x","choices":[{"index":0,',
      headers: { 'content-type': 'application/json' },
    },
    times: 1,
    // A stream request answered with a truncated JSON body: an error before the stream starts on
    // the passthrough paths; the translated Gemini stream has started, so its error event.
    stream: { kind: 'error', status: same(502), midFor: ['gemini'] },
    nonStream: { kind: 'error', status: same(502) },
  },
];

function checkErrorShape(protocol: Protocol, body: Json): void {
  if (protocol === 'anthropic')
    expect(body).toMatchObject({ type: 'error', error: { type: expect.any(String) } });
  else if (protocol === 'gemini')
    expect(body.error).toMatchObject({ code: expect.any(Number), status: expect.any(String) });
  else expect(body.error).toMatchObject({ message: expect.any(String) });
  expect(JSON.stringify(body)).not.toContain('<html');
}

function streamEnd(protocol: Protocol, text: string): 'complete' | 'error' | 'cut' {
  const events = parseSSEText(text);
  const last = events.at(-1);
  if (!last) return 'cut';
  const data = (() => {
    try {
      return JSON.parse(last.data) as Json;
    } catch {
      return undefined;
    }
  })();
  switch (protocol) {
    case 'chat':
      if (last.data === '[DONE]')
        return events.some((e) => e.data.includes('"error"')) ? 'error' : 'complete';
      return data?.error ? 'error' : 'cut';
    case 'responses':
      if (last.event === 'response.completed') return 'complete';
      return last.event === 'response.failed' ? 'error' : 'cut';
    case 'anthropic':
      if (last.event === 'message_stop') return 'complete';
      return last.event === 'error' ? 'error' : 'cut';
    case 'gemini':
      if (data?.error) return 'error';
      return data?.candidates?.[0]?.finishReason ? 'complete' : 'cut';
  }
}

function completeJson(protocol: Protocol, body: Json): boolean {
  if (protocol === 'chat') return typeof body.choices?.[0]?.message?.content === 'string';
  if (protocol === 'responses') return body.status === 'completed';
  if (protocol === 'anthropic') return body.type === 'message' && body.stop_reason !== undefined;
  return typeof body.candidates?.[0]?.finishReason === 'string';
}

describe('fault matrix', () => {
  for (const cell of CELLS) {
    for (const ingress of INGRESSES) {
      for (const stream of [true, false]) {
        const expected = stream ? cell.stream : cell.nonStream;
        it(`${cell.name} × ${ingress.protocol} × ${stream ? 'stream' : 'non-stream'} → ${expected.kind}`, async () => {
          stack.emulator.clearFaults();
          stack.emulator.injectFault({
            match: { path: ingress.upstreamPath },
            times: cell.times,
            fault: cell.fault,
          });
          const { path, body, headers } = ingress.request(stream);
          const res = await fetch(`${stack.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify(body),
          });
          const text = await res.text();
          stack.emulator.clearFaults();
          if (expected.kind === 'error' && !expected.midFor?.includes(ingress.protocol)) {
            const want =
              typeof expected.status === 'number' ? expected.status : expected.status[ingress.protocol];
            expect(res.status, text.slice(0, 300)).toBe(want);
            checkErrorShape(ingress.protocol, JSON.parse(text));
            return;
          }
          expect(res.status, text.slice(0, 300)).toBe(200);
          if (!stream) {
            expect(completeJson(ingress.protocol, JSON.parse(text)), text.slice(0, 300)).toBe(true);
            return;
          }
          expect(streamEnd(ingress.protocol, text)).toBe(expected.kind === 'ok' ? 'complete' : 'error');
        });
      }
    }
  }
});
