// Responses over WebSocket (OpenAI's WebSocket mode, Codex's supports_websockets) at the protocol
// level, with the `ws` client: turns on one connection, previous_response_id within it, every
// model (passthrough and translated), errors as events with the connection still usable, the
// guard's rules on the upgrade, heartbeats, and a clean close on shutdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';

// biome-ignore lint/suspicious/noExplicitAny: loose access to the events' JSON
type Json = Record<string, any>;

let stack: LocalStack;
const records: OutcomeRecord[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ settings: { heartbeatMs: 100 } });
  stack.gateway.ctx.outcomes.subscribe((r) => records.push(r));
});
afterAll(async () => {
  await stack?.close();
});

const wsUrl = (s: LocalStack, path = '/v1/responses') => `${s.url.replace(/^http/, 'ws')}${path}`;

/** A connection that reads events in order: `next()` the next one, `turn()` up to a terminal. */
async function connect(s: LocalStack, headers: Record<string, string> = {}) {
  const ws = new WebSocket(wsUrl(s), {
    headers: { 'OpenAI-Beta': 'responses_websockets=2026-02-06', ...headers },
  });
  const queue: Json[] = [];
  const waiters: ((e: Json) => void)[] = [];
  ws.on('message', (data) => {
    const event = JSON.parse(String(data)) as Json;
    const waiter = waiters.shift();
    if (waiter) waiter(event);
    else queue.push(event);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = () =>
    new Promise<Json>((resolve) => {
      const e = queue.shift();
      if (e) resolve(e);
      else waiters.push(resolve);
    });
  const turn = async (message: Json) => {
    ws.send(JSON.stringify(message));
    const events: Json[] = [];
    for (;;) {
      const e = await next();
      events.push(e);
      if (['response.completed', 'response.failed', 'response.incomplete', 'error'].includes(e.type)) {
        // A failed response comes as error + response.failed: read the pair.
        if (e.type === 'error' && events.length > 1) events.push(await next());
        return events;
      }
    }
  };
  return { ws, next, turn };
}

const userText = (text: string) => [
  { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
];
const textOf = (events: Json[]) =>
  events
    .filter((e) => e.type === 'response.output_text.delta')
    .map((e) => e.delta)
    .join('');
const completed = (events: Json[]) => events.find((e) => e.type === 'response.completed')?.response;

describe('Responses over WebSocket', () => {
  // Passthrough (/responses), translated to /v1/messages, translated to /chat/completions.
  for (const model of ['gpt-5-mini', 'claude-haiku-4.5', 'gpt-4.1']) {
    it(`runs turns on one connection and chains previous_response_id within it (${model})`, async () => {
      const before = records.length;
      const upstreamBefore = stack.emulator.requests.length;
      const { ws, turn } = await connect(stack);
      const first = await turn({
        type: 'response.create',
        model,
        store: false,
        input: userText('first turn'),
      });
      expect(first[0].type).toBe('response.created');
      expect(textOf(first)).toContain('You said: first turn');
      const firstId = completed(first).id;
      const second = await turn({
        type: 'response.create',
        model,
        store: false,
        previous_response_id: firstId,
        input: userText('second turn'),
      });
      expect(textOf(second)).toContain('You said: second turn');
      ws.close();
      // The second upstream call carried the whole conversation: the connection kept turn one.
      const upstream = stack.emulator.requests.slice(upstreamBefore).filter((r) => r.server === 'copilot');
      const last = JSON.stringify(upstream.at(-1)!.body);
      expect(last).toContain('first turn');
      expect(last).toContain('Hello from');
      expect(last).toContain('second turn');
      // Two turns, two outcome records, both over the WebSocket; no HTTP POST /v1/responses.
      const mine = records.slice(before);
      expect(
        mine.filter((r) => r.transport === 'ws' && r.status === 200).map((r) => r.resolvedModel),
      ).toEqual([model, model]);
      expect(mine.some((r) => r.method === 'POST')).toBe(false);
      expect(mine[0].passthrough).toBe(model === 'gpt-5-mini');
    });
  }

  it('answers bad messages with error events and stays usable', async () => {
    const { ws, next, turn } = await connect(stack);
    ws.send('not json');
    expect(await next()).toMatchObject({ type: 'error', status: 400, error: { code: 'invalid_message' } });
    ws.send(JSON.stringify({ type: 'session.update' }));
    expect(await next()).toMatchObject({
      type: 'error',
      status: 400,
      error: { code: 'unknown_message_type' },
    });
    const unknown = await turn({ type: 'response.create', model: 'no-such-model', input: 'hi' });
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ type: 'error', status: 400 });
    expect(unknown[0].error.message).toMatch(/no-such-model/);
    const lost = await turn({
      type: 'response.create',
      model: 'gpt-5-mini',
      previous_response_id: 'resp_nowhere',
      input: 'hi',
    });
    expect(lost[0]).toMatchObject({
      type: 'error',
      status: 400,
      error: { code: 'previous_response_not_found' },
    });
    // Codex acknowledges responses; that is not an error.
    ws.send(JSON.stringify({ type: 'response.processed', response_id: 'resp_x' }));
    const ok = await turn({ type: 'response.create', model: 'gpt-5-mini', input: userText('still here') });
    expect(textOf(ok)).toContain('You said: still here');
    ws.close();
  });

  it('refuses a second response.create while one is running', async () => {
    const { ws, turn, next } = await connect(stack);
    ws.send(
      JSON.stringify({ type: 'response.create', model: 'gpt-5-mini', input: userText('slow [[long:300]]') }),
    );
    const busy = await turn({ type: 'response.create', model: 'gpt-5-mini', input: 'again' });
    const refusal = busy.find((e) => e.type === 'error');
    expect(refusal).toMatchObject({ status: 400, error: { code: 'response_in_progress' } });
    for (let e = await next(); e.type !== 'response.completed'; e = await next()) {
      // the first turn runs to its end
    }
    ws.close();
  });

  it('ends a turn cut mid-stream with error and response.failed, and the next turn works', async () => {
    const { ws, turn } = await connect(stack);
    const before = records.length;
    stack.emulator.injectFault({
      match: { path: '/responses' },
      fault: { kind: 'cut-stream', afterEvents: 3 },
    });
    const cut = await turn({
      type: 'response.create',
      model: 'gpt-5-mini',
      input: userText('cut me [[long:50]]'),
    });
    expect(cut.at(-2)?.type).toBe('error');
    expect(cut.at(-1)?.type).toBe('response.failed');
    // The failure continues the upstream's own response (same id).
    expect(cut.at(-1)?.response.id).toBe(cut[0].response.id);
    expect(records.slice(before).at(-1)?.errorKind).toMatch(/^stream_error/);
    const ok = await turn({ type: 'response.create', model: 'gpt-5-mini', input: userText('after the cut') });
    expect(textOf(ok)).toContain('You said: after the cut');
    ws.close();
  });

  it('a client that goes away mid-turn aborts it (client_abort)', async () => {
    const { ws, next } = await connect(stack);
    const before = records.length;
    // A slow upstream: the turn cannot have finished when the client goes.
    stack.emulator.injectFault({
      match: { path: '/responses' },
      fault: { kind: 'slow-stream', delayMs: 200 },
    });
    ws.send(
      JSON.stringify({ type: 'response.create', model: 'gpt-5-mini', input: userText('bye [[long:50]]') }),
    );
    await next();
    ws.terminate();
    await new Promise<void>((resolve) => {
      const check = () => (records.length > before ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(records.at(-1)).toMatchObject({ transport: 'ws', errorKind: 'client_abort' });
  });

  it('warms up with generate:false and chains to the warm-up', async () => {
    const { ws, turn } = await connect(stack);
    const upstreamBefore = stack.emulator.requests.length;
    const warm = await turn({
      type: 'response.create',
      model: 'gpt-5-mini',
      generate: false,
      instructions: 'be brief',
      input: userText('context from the warm-up'),
    });
    expect(warm.map((e) => e.type)).toEqual(['response.created', 'response.completed']);
    expect(stack.emulator.requests.length).toBe(upstreamBefore);
    const real = await turn({
      type: 'response.create',
      model: 'gpt-5-mini',
      previous_response_id: completed(warm).id,
      input: userText('now answer'),
    });
    expect(textOf(real)).toContain('You said: now answer');
    expect(JSON.stringify(stack.emulator.requests.at(-1)!.body)).toContain('context from the warm-up');
    ws.close();
  });

  it('pings while connected', async () => {
    const { ws } = await connect(stack);
    await new Promise<void>((resolve) => ws.once('ping', () => resolve()));
    ws.close();
  });

  it('applies the guard to the upgrade: forged browser origins and wrong Hosts are refused', async () => {
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(wsUrl(stack), { headers });
        ws.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.once('open', () => {
          ws.close();
          reject(new Error('the upgrade was accepted'));
        });
        ws.once('error', () => {});
      });
    expect(await status({ origin: 'https://evil.example' })).toBe(403);
    expect(await status({ host: 'rebind.example:1234' })).toBe(403);
    const other = new WebSocket(wsUrl(stack, '/v1/chat/completions'));
    const code = await new Promise<number>((resolve) => {
      other.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      other.once('error', () => {});
    });
    expect(code).toBe(404);
  });
});

describe('Responses over WebSocket with API keys', () => {
  it('refuses the upgrade without a key and accepts it with one', async () => {
    const keyed = await startLocalStack();
    try {
      const { secret } = await keyed.store.keys.create({ name: 'ws' });
      const refused = await new Promise<{ status: number; body: string }>((resolve) => {
        const ws = new WebSocket(wsUrl(keyed));
        ws.once('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        ws.once('error', () => {});
      });
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body).error.message).toMatch(/key/i);
      const { ws, turn } = await connect(keyed, { authorization: `Bearer ${secret}` });
      const ok = await turn({ type: 'response.create', model: 'gpt-5-mini', input: userText('keyed') });
      expect(textOf(ok)).toContain('You said: keyed');
      ws.close();
    } finally {
      await keyed.close();
    }
  });

  it('ends a running turn with its error events, then closes (1001), when the grace period is over', async () => {
    const s = await startLocalStack({ settings: { shutdownGraceMs: 50 } });
    const { ws, next } = await connect(s);
    s.emulator.injectFault({ match: { path: '/responses' }, fault: { kind: 'slow-stream', delayMs: 100 } });
    ws.send(
      JSON.stringify({ type: 'response.create', model: 'gpt-5-mini', input: userText('long [[long:100]]') }),
    );
    expect((await next()).type).toBe('response.created');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const closing = s.close();
    let last = await next();
    while (last.type !== 'response.failed') last = await next();
    expect(last.response.error.message).toMatch(/shutting down/);
    await closing;
    expect(await closed).toBe(1001);
  });

  it('closes open connections cleanly on shutdown (1001)', async () => {
    const s = await startLocalStack();
    const { ws, turn } = await connect(s);
    await turn({ type: 'response.create', model: 'gpt-5-mini', input: userText('before shutdown') });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await s.close();
    expect(await closed).toBe(1001);
  });
});
