// Fuzz over a real socket, every ingress (issue 11): mutated valid bodies of each protocol —
// wrong types, missing fields, nulls, huge strings and arrays, deep nesting, invalid JSON and
// UTF-8, odd content types, unknown models and paths. Property: every answer is a success or a 4xx
// in the protocol's own error shape, never a 5xx, within a bound; the gateway answers /healthz
// afterwards. FUZZ_RUNS=5000 for a longer run (default 1000: about 5 s here).
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** The bound on one answer: far above any real answer here, far below a hang. */
const ANSWER_BOUND_MS = 15_000;

let stack: LocalStack;
let port: number;

beforeAll(async () => {
  stack = await startLocalStack();
  port = Number(new URL(stack.url).port);
});
afterAll(async () => {
  await stack?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: fuzzed JSON
type Json = any;
type Shape = 'openai' | 'anthropic' | 'gemini';

interface Ingress {
  path: string;
  shape: Shape;
  headers?: Record<string, string>;
  body: Json;
}

const ANTHROPIC_HEADERS = { 'anthropic-version': '2023-06-01' };
const geminiBody = {
  contents: [{ role: 'user', parts: [{ text: 'hello' }] }],
  systemInstruction: { parts: [{ text: 'be brief' }] },
  generationConfig: { maxOutputTokens: 20, temperature: 0.5 },
  tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', properties: {} } }] }],
};
const INGRESSES: Ingress[] = [
  {
    path: '/v1/chat/completions',
    shape: 'openai',
    body: {
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'hello' }] },
      ],
      max_tokens: 20,
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }],
    },
  },
  {
    path: '/v1/chat/completions',
    shape: 'openai',
    body: { model: 'claude-sonnet-4.5', stream: true, messages: [{ role: 'user', content: 'hi' }] },
  },
  {
    path: '/v1/responses',
    shape: 'openai',
    body: {
      model: 'gpt-5-mini',
      instructions: 'be brief',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'hello' }] }],
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: {} } }],
    },
  },
  {
    path: '/v1/responses',
    shape: 'openai',
    body: { model: 'claude-sonnet-4.5', stream: true, input: 'hello', reasoning: { effort: 'low' } },
  },
  {
    path: '/v1/messages',
    shape: 'anthropic',
    headers: ANTHROPIC_HEADERS,
    body: {
      model: 'claude-sonnet-4.5',
      max_tokens: 50,
      system: [{ type: 'text', text: 'be brief' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
      tools: [{ name: 'f', input_schema: { type: 'object', properties: {} } }],
    },
  },
  {
    path: '/v1/messages',
    shape: 'anthropic',
    headers: ANTHROPIC_HEADERS,
    body: { model: 'gpt-4.1', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] },
  },
  {
    path: '/v1/messages/count_tokens',
    shape: 'anthropic',
    headers: ANTHROPIC_HEADERS,
    body: { model: 'claude-sonnet-4.5', messages: [{ role: 'user', content: 'hello' }] },
  },
  { path: '/v1/embeddings', shape: 'openai', body: { model: 'text-embedding-3-small', input: ['a', 'b'] } },
  { path: '/v1beta/models/gpt-4.1:generateContent', shape: 'gemini', body: geminiBody },
  {
    path: '/v1beta/models/claude-sonnet-4.5:streamGenerateContent?alt=sse',
    shape: 'gemini',
    body: geminiBody,
  },
  { path: '/v1/models/gpt-4.1:streamGenerateContent', shape: 'gemini', body: geminiBody },
  { path: '/v1beta/models/gpt-4.1:countTokens', shape: 'gemini', body: geminiBody },
];

/** Every path to a value inside a JSON body (objects and arrays), the root excluded. */
function pathsOf(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (!value || typeof value !== 'object') return [];
  const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => [[...prefix, k], ...pathsOf(value[k], [...prefix, k])]);
}

function setAt(root: Json, path: Array<string | number>, v: Json | typeof DELETE): Json {
  const copy = structuredClone(root);
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k];
  const last = path[path.length - 1];
  if (v === DELETE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = v;
  return copy;
}

const DELETE = Symbol('delete');
const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;

const weirdValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.constant(DELETE),
  fc.boolean(),
  fc.double(),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', 'x'.repeat(300_000), 'unknown-model-xyz', 'models/gpt-4.1', 'data:image/png,%ZZ'),
  fc.constantFrom(
    [],
    {},
    [null],
    [{}],
    Array.from({ length: 20_000 }, () => 1),
    { type: 'nope' },
  ),
  fc.constant('__DEEP__'),
  fc.jsonValue({ maxDepth: 3 }),
);

type Mutation =
  | { kind: 'value'; pathPick: number; value: Json }
  | { kind: 'truncate'; at: number }
  | { kind: 'bad-utf8'; at: number }
  | { kind: 'content-type'; value: string | undefined }
  | { kind: 'path'; suffix: string }
  | { kind: 'raw'; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('value' as const), pathPick: fc.nat(), value: weirdValue }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bad-utf8' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('content-type' as const),
      value: fc.constantFrom(
        undefined,
        'text/plain',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('path' as const),
      suffix: fc.constantFrom('/x', 'x', '/../admin', ':nope', '%ZZ', '?alt=%'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      text: fc.constantFrom(
        '',
        'null',
        '[]',
        '"str"',
        '123',
        '{',
        '{"model":',
        DEEP,
        '\u0000\u0001',
        '{"a":1}{"b":2}',
      ),
    }),
  },
);

function build(ingress: Ingress, m: Mutation, extra: Mutation | undefined) {
  let body: Json = ingress.body;
  let path = ingress.path;
  let contentType: string | undefined = 'application/json';
  let raw: Buffer | undefined;
  for (const mu of extra ? [m, extra] : [m]) {
    if (mu.kind === 'value') {
      const paths = [['model'], ...pathsOf(body)];
      const target = paths[mu.pathPick % paths.length];
      body = setAt(body, target, mu.value);
    } else if (mu.kind === 'content-type') contentType = mu.value;
    else if (mu.kind === 'path')
      path = path.includes('?') ? path.replace('?', `${mu.suffix}?`) : path + mu.suffix;
    else if (mu.kind === 'raw') raw = Buffer.from(mu.text);
    else {
      const text = Buffer.from(JSON.stringify(body));
      const at = mu.at % Math.max(1, text.length);
      raw =
        mu.kind === 'truncate'
          ? text.subarray(0, at)
          : Buffer.concat([text.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc3]), text.subarray(at)]);
    }
  }
  raw ??= Buffer.from(JSON.stringify(body).replaceAll('"__DEEP__"', DEEP));
  return { path, contentType, raw };
}

function send(
  path: string,
  headers: Record<string, string>,
  raw: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { ...headers, 'content-length': raw.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(ANSWER_BOUND_MS, () => req.destroy(new Error(`no answer within ${ANSWER_BOUND_MS} ms`)));
    req.on('error', reject);
    req.end(raw);
  });
}

function checkErrorShape(shape: Shape, text: string): void {
  const body = JSON.parse(text) as Json;
  if (shape === 'anthropic') {
    expect(body.type).toBe('error');
    expect(typeof body.error.type).toBe('string');
    expect(typeof body.error.message).toBe('string');
  } else if (shape === 'gemini') {
    expect(typeof body.error.code).toBe('number');
    expect(typeof body.error.status).toBe('string');
    expect(typeof body.error.message).toBe('string');
  } else {
    expect(typeof body.error.message).toBe('string');
    expect(typeof body.error.type).toBe('string');
  }
  // A short prefix at most of whatever was sent (item 7).
  expect(text.length).toBeLessThan(4000);
}

describe('fuzz: every ingress, mutated bodies', () => {
  it(`never answers 5xx, answers within a bound, errors in the protocol's shape (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...INGRESSES),
        mutation,
        fc.option(mutation, { freq: 3 }),
        async (ingress, m, extra) => {
          const { path, contentType, raw } = build(ingress, m, extra ?? undefined);
          const headers: Record<string, string> = { ...ingress.headers };
          if (contentType) headers['content-type'] = contentType;
          const res = await send(path, headers, raw);
          expect(res.status, `${path} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            const bare = path.split('?')[0];
            const shape: Shape =
              /^\/v1(?:beta|alpha)/.test(bare) || /^\/v1\/models\/[^/:]+:[A-Za-z]+$/.test(bare)
                ? 'gemini'
                : bare.includes('/messages')
                  ? 'anthropic'
                  : 'openai';
            checkErrorShape(shape, res.text);
          }
        },
      ),
      { numRuns: RUNS },
    );
    const health = await fetch(`${stack.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await health.json()).upstream).toBe(0);
  }, 600_000);
});
