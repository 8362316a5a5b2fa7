// Codex CLI itself (`codex exec`) over the Responses WebSocket: a provider with
// `supports_websockets = true`, on a responses model (passthrough) and on a Claude model
// (Responses translated to /v1/messages). The test shows the WebSocket was used: every inference
// outcome record came over it (transport "ws"), and no HTTP POST /v1/responses reached the gateway.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import type { OutcomeRecord } from '../../src/gateway/pipeline/outcome.js';
import { memoryLogger } from '../../src/util/log.js';
import { runCodex } from './codex-run.js';

let stack: LocalStack;
let apiKey: string;
const log = memoryLogger('info');
const records: OutcomeRecord[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ log });
  stack.gateway.ctx.outcomes.subscribe((r) => records.push(r));
  apiKey = (await stack.store.keys.create({ name: 'codex-ws' })).secret;
});
afterAll(async () => {
  await stack?.close();
  for (const line of log.lines) expect(line).not.toContain(apiKey);
});

function codex(prompt: string, model: string) {
  return runCodex(stack.url, apiKey, prompt, model);
}

// biome-ignore lint/suspicious/noExplicitAny: loose access to logged JSON bodies
type Json = Record<string, any>;

const cases: Array<[string, string, string]> = [
  ['responses model', 'gpt-5-mini', '/responses'],
  ['Claude model', 'claude-haiku-4.5', '/v1/messages'],
];

describe('Codex CLI over the Responses WebSocket', () => {
  for (const [kind, model, endpoint] of cases) {
    it(`runs its shell tool over the WebSocket on a ${kind} (${model})`, async () => {
      const before = records.length;
      const start = stack.emulator.requests.length;
      const marker = `ws-made-by-codex-${model}`;
      const run = await codex(
        `Create the marker file. [[tool:exec_command {"cmd":"echo ${marker} > marker.txt"}]]`,
        model,
      );
      const mine = records.slice(before);
      const upstream = stack.emulator.requests
        .slice(start)
        .filter((r) => r.server === 'copilot' && r.path !== '/models');
      const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-4000)}\nrecords: ${mine
        .map((r) => `${r.method} ${r.path} ${r.transport ?? 'http'} ${r.status} ${r.errorKind ?? ''}`)
        .join(', ')}\nupstream: ${upstream.map((r) => `${r.method} ${r.path}`).join(', ')}`;
      expect(run.code, context).toBe(0);
      expect(existsSync(join(run.cwd, 'marker.txt')), context).toBe(true);
      expect(readFileSync(join(run.cwd, 'marker.txt'), 'utf8').trim()).toBe(marker);
      expect(run.stdout, context).toContain('Tool exec_command returned:');

      // The WebSocket was used, not the HTTP fallback: every turn came over it, none over HTTP.
      const turns = mine.filter((r) => r.path === '/v1/responses');
      expect(turns.length, context).toBeGreaterThanOrEqual(3);
      expect(
        turns.every((r) => r.transport === 'ws' && r.method === 'WS' && r.status === 200),
        context,
      ).toBe(true);
      expect(
        mine.some((r) => r.method === 'POST'),
        context,
      ).toBe(false);
      // Codex 0.169 warms the connection up (generate:false, no model call), then chains every
      // turn to the previous one with previous_response_id and only the new items: the gateway
      // expanded the chain from the connection, so Copilot got the whole conversation each time.
      expect(turns.filter((r) => r.egress === undefined).length, context).toBe(1);
      expect(upstream.length, context).toBe(2);
      expect(
        upstream.every((r) => r.path === endpoint && (r.body as Json).model === model),
        context,
      ).toBe(true);
      const last = JSON.stringify(upstream.at(-1)!.body);
      expect(last).toContain(marker);
      expect(last).toContain(endpoint === '/responses' ? 'function_call_output' : 'tool_result');
      expect(log.lines.some((l) => l.includes('WS /v1/responses openai-responses'))).toBe(true);
    }, 180_000);
  }
});
