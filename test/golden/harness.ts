// Shared machinery of the golden fixtures: one record per case holds the client request, the
// exact upstream request(s) the gateway sent (from the emulator's log) and the client-visible
// response or stream, with volatile ids and clocks normalised. Any behavioural change anywhere
// in read → plan → encode → send → decode → encode shows up as a diff in a fixture.
// Regenerate with UPDATE_GOLDEN=1 npx vitest run test/golden and review the diff.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { defaultModels } from '../../src/emulator/catalogue.js';

export type Json = Record<string, unknown>;

export const UPDATE = process.env.UPDATE_GOLDEN === '1';

export const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * A Claude model Copilot offers only on /v1/messages: no default catalogue entry does, and it is
 * the only way a Chat or Gemini client reaches the Messages egress.
 */
export const MESSAGES_ONLY_MODEL = 'claude-golden-messages';

/** The default catalogue plus {@link MESSAGES_ONLY_MODEL}. */
export function goldenModels(): Record<string, unknown>[] {
  const models = defaultModels();
  const sonnet = models.find((m) => m.id === 'claude-sonnet-4.5');
  if (!sonnet) throw new Error('the default catalogue lost claude-sonnet-4.5');
  const copy = structuredClone(sonnet);
  copy.id = MESSAGES_ONLY_MODEL;
  copy.version = MESSAGES_ONLY_MODEL;
  copy.supported_endpoints = ['/v1/messages'];
  return [...models, copy];
}

const ID_KEYS = new Set(['id', 'call_id', 'tool_use_id', 'item_id', 'tool_call_id', 'responseId']);
const CLOCK_KEYS = new Set(['created', 'created_at', 'completed_at']);
const UPSTREAM_HEADERS = [
  'x-initiator',
  'copilot-vision-request',
  'anthropic-beta',
  'anthropic-version',
  'openai-intent',
];
const UPSTREAM_PATHS = ['/v1/messages', '/responses', '/chat/completions'];

/** Replaces random ids (same value → same placeholder) and clocks, everywhere in the record. */
export function normalise(value: unknown): unknown {
  const ids = new Map<string, string>();
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      const out: Json = {};
      for (const [k, x] of Object.entries(v as Json)) out[k] = walk(x, k);
      return out;
    }
    if (key && CLOCK_KEYS.has(key) && typeof v === 'number') return 0;
    if (key && ID_KEYS.has(key) && typeof v === 'string' && !v.endsWith('golden')) {
      if (!ids.has(v)) ids.set(v, `<id-${ids.size + 1}>`);
      return ids.get(v);
    }
    return v;
  };
  return walk(value);
}

export function parseSse(text: string): Array<{ event?: string; data: unknown }> {
  return text
    .split(/\r?\n\r?\n/)
    .filter((f) => f.trim() !== '')
    .map((frame) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of frame.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      const raw = data.join('\n');
      let parsed: unknown = raw;
      try {
        parsed = JSON.parse(raw);
      } catch {}
      return event ? { event, data: parsed } : { data: parsed };
    });
}

export interface GoldenRequest {
  /** Path on the gateway, without the query string. */
  path: string;
  query?: string;
  /** Headers recorded in the fixture as the client's. */
  headers?: Record<string, string>;
  /** Headers sent on every request of a protocol, left out of the fixture. */
  protocolHeaders?: Record<string, string>;
  body: Json;
  /** How the answer is read: one JSON body, an SSE stream, or a JSON array (Gemini's stream). */
  answer: 'json' | 'sse';
}

/** Sends one request through the gateway and returns its normalised record. */
export async function record(stack: LocalStack, c: GoldenRequest): Promise<Json> {
  const start = stack.emulator.requests.length;
  const res = await fetch(`${stack.url}${c.path}${c.query ? `?${c.query}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...c.protocolHeaders, ...c.headers },
    body: JSON.stringify(c.body),
  });
  const text = await res.text();
  const response = c.answer === 'sse' ? parseSse(text) : JSON.parse(text);
  const upstream = stack.emulator.requests
    .slice(start)
    .filter((r) => r.method === 'POST' && UPSTREAM_PATHS.includes(r.path))
    .map((r) => ({
      path: r.path,
      headers: Object.fromEntries(UPSTREAM_HEADERS.filter((h) => r.headers[h]).map((h) => [h, r.headers[h]])),
      body: r.body,
    }));
  return normalise({
    client: { query: c.query ?? '', headers: c.headers ?? {}, body: c.body },
    upstream,
    status: res.status,
    response,
  }) as Json;
}

/** Compares a record with its fixture file (or writes the file under UPDATE_GOLDEN=1). */
export function expectGolden(file: string, actual: Json): void {
  expect(actual.status, JSON.stringify(actual.response).slice(0, 500)).toBe(200);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`${file} is missing: run with UPDATE_GOLDEN=1 to create it`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

/** A local stack for the file's golden cases, with the golden catalogue; returns its getter. */
export function useGoldenStack(): () => LocalStack {
  let stack: LocalStack | undefined;
  beforeAll(async () => {
    stack = await startLocalStack({ emulator: { models: goldenModels() } });
  });
  afterAll(async () => {
    await stack?.close();
  });
  return () => {
    if (!stack) throw new Error('the golden stack is not started');
    return stack;
  };
}

/** One test per egress × case: record the case and compare it with its fixture. */
export function goldenMatrix<C extends { name: string }>(
  stack: () => LocalStack,
  egress: Array<{ tag: string; model: string }>,
  cases: (model: string) => C[],
  request: (c: C, model: string) => GoldenRequest,
  file: (tag: string, c: C) => string,
  it: (name: string, fn: () => Promise<void>) => void,
): void {
  for (const { tag, model } of egress) {
    for (const c of cases(model)) {
      it(`${tag}: ${c.name}`, async () =>
        expectGolden(file(tag, c), await record(stack(), request(c, model))));
    }
  }
}
