// The stream encoder's framing checked against the real @google/genai client over loopback:
// chunks parse, heartbeats are tolerated, the thought/function-call parts are read, and a
// mid-stream error surfaces as an ApiError with our status.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { createTestCodecContext } from '../ir/context.js';
import type { IRRequest, IRStreamEvent } from '../ir/types.js';
import { encodeGeminiError } from './errors.js';
import { GeminiStreamEncoder } from './stream-encoder.js';

type Script = (write: (s: string) => Promise<void>) => Promise<void>;

let server: Server;
let baseUrl: string;
let script: Script = async () => {};
let status = 200;
let jsonBody: unknown;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(jsonBody));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Each encoder output is one write, flushed before the next (as the gateway does).
      const write = (s: string) =>
        new Promise<void>((resolve) => (s === '' ? resolve() : res.write(s, () => setImmediate(resolve))));
      await script(write);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = () =>
  new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl, retryOptions: { attempts: 1 } } });
const req = { model: 'gemini-2.5-pro', reasoning: { includeThoughts: true } } as IRRequest;

const events: IRStreamEvent[] = [
  { type: 'start', id: 'msg_1', model: 'claude-x', created: 1 },
  { type: 'reasoning-start', id: 'r' },
  { type: 'reasoning-delta', id: 'r', delta: 'Thinking.' },
  { type: 'reasoning-end', id: 'r', signature: 'sig' },
  { type: 'text-start', id: 't' },
  { type: 'text-delta', id: 't', delta: 'Hello ' },
  { type: 'text-delta', id: 't', delta: 'world' },
  { type: 'text-end', id: 't' },
  { type: 'tool-call-start', id: 'c', callId: 'toolu_1', name: 'get_weather', kind: 'function' },
  { type: 'tool-call-delta', id: 'c', delta: '{"city":"Paris"}' },
  { type: 'tool-call-end', id: 'c' },
  { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 5, outputTokens: 9, reasoningTokens: 3 } },
];

describe('@google/genai reads our stream', () => {
  it('parses every chunk, skips heartbeats and sees the final finishReason', async () => {
    script = async (write) => {
      const enc = new GeminiStreamEncoder(req, createTestCodecContext(), { mode: 'sse' });
      await write(enc.heartbeat());
      for (const ev of events) {
        await write(enc.push(ev));
        await write(enc.heartbeat());
      }
      await write(enc.end());
    };
    const stream = await client().models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'hi' });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const parts = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
    expect(parts.filter((p) => p.thought).map((p) => p.text)).toEqual(['Thinking.']);
    expect(
      parts
        .filter((p) => !p.thought && p.text)
        .map((p) => p.text)
        .join(''),
    ).toBe('Hello world');
    const calls = chunks.flatMap((c) => c.functionCalls ?? []);
    expect(calls).toEqual([{ id: 'toolu_1', name: 'get_weather', args: { city: 'Paris' } }]);
    expect(parts.find((p) => p.text === 'Hello ')?.thoughtSignature).toMatch(/^gw1:/);
    const last = chunks[chunks.length - 1];
    expect(last.candidates?.[0]?.finishReason).toBe('STOP');
    expect(last.usageMetadata?.totalTokenCount).toBe(14);
  });

  it('turns a mid-stream error into an ApiError with our code', async () => {
    // The error is written after the client consumed the previous chunk (as when Copilot fails
    // after a pause), so it arrives as its own network read: the case the SDK checks for.
    let consumed!: () => void;
    const partialConsumed = new Promise<void>((resolve) => {
      consumed = resolve;
    });
    script = async (write) => {
      const enc = new GeminiStreamEncoder(req, createTestCodecContext(), { mode: 'sse' });
      await write(enc.push({ type: 'start', id: 'm', model: 'x', created: 1 }));
      await write(enc.push({ type: 'text-delta', id: 't', delta: 'partial' }));
      await partialConsumed;
      await write(enc.error(new GatewayError('overloaded', 'Copilot is overloaded')));
    };
    const stream = await client().models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'hi' });
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const chunk of stream) {
        seen.push(chunk.text ?? '');
        consumed();
      }
    } catch (err) {
      caught = err;
    }
    expect(seen).toEqual(['partial']);
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).status).toBe(503);
    expect((caught as ApiError).message).toMatch(/UNAVAILABLE/);
  });

  it('still fails (never ends quietly) when the error is coalesced with earlier bytes', async () => {
    script = async (write) => {
      const enc = new GeminiStreamEncoder(req, createTestCodecContext(), { mode: 'sse' });
      enc.push({ type: 'start', id: 'm', model: 'x', created: 1 });
      await write(
        enc.push({ type: 'text-delta', id: 't', delta: 'partial' }) +
          enc.error(new GatewayError('overloaded', 'busy')),
      );
    };
    const stream = await client().models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'hi' });
    await expect(
      (async () => {
        for await (const _ of stream) {
          // drain
        }
      })(),
    ).rejects.toThrow();
  });

  it('reads encodeError bodies as ApiError', async () => {
    const enc = encodeGeminiError(GatewayError.invalid('contents[0].role must be "user" or "model"'));
    status = enc.status;
    jsonBody = enc.body;
    try {
      await expect(
        client().models.generateContent({ model: 'gemini-2.5-pro', contents: 'hi' }),
      ).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(/INVALID_ARGUMENT/),
      });
    } finally {
      status = 200;
    }
  });
});
