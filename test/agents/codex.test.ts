// Codex CLI itself (`codex exec`), offline against gateway + emulator, running a shell command
// through its own tool on a responses-only model (passthrough) and on a Claude model (Responses
// translated to /v1/messages).
//
// What Codex 0.169 declares here (read from the emulator's request log; with no model metadata
// for Copilot ids it uses its fallback tool set): function tools `exec_command` ({cmd, workdir,
// …}), `write_stdin`, `request_user_input`, `view_image`, `get_goal`/`create_goal`/`update_goal`,
// a `namespace` tool `multi_agent_v1`, and `web_search`. No `shell`/`local_shell`, and no
// `apply_patch` for unknown models. The gateway drops `web_search` and the namespace with a
// warning (see src/gateway/responses-hosted-tools.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { memoryLogger } from '../../src/util/log.js';
import { runCodex } from './codex-run.js';

let stack: LocalStack;
/** A gateway API key: once one exists, every request must carry it. */
let apiKey: string;
const log = memoryLogger('warn');

beforeAll(async () => {
  stack = await startLocalStack({ log });
  apiKey = (await stack.store.keys.create({ name: 'codex' })).secret;
});
afterAll(async () => {
  await stack?.close();
  for (const line of log.lines) expect(line).not.toContain(apiKey);
});

/** The README's recipe over HTTP (its `supports_websockets` line left out, as the README says). */
function codex(prompt: string, model: string) {
  return runCodex(stack.url, apiKey, prompt, model, 'http');
}

// biome-ignore lint/suspicious/noExplicitAny: loose access to logged JSON bodies
type Json = Record<string, any>;

const cases: Array<[string, string, string]> = [
  ['responses-only', 'gpt-5-codex', '/responses'],
  ['Claude (messages)', 'claude-sonnet-4.5', '/v1/messages'],
];

describe('Codex CLI (codex exec) through the gateway', () => {
  for (const [kind, model, endpoint] of cases) {
    it(`runs its shell tool and finishes on a ${kind} model (${model})`, async () => {
      const start = stack.emulator.requests.length;
      log.lines.length = 0;
      const marker = `made-by-codex-${model}`;
      const run = await codex(
        `Create the marker file. [[tool:exec_command {"cmd":"echo ${marker} > marker.txt"}]]`,
        model,
      );
      const upstream = stack.emulator.requests
        .slice(start)
        .filter((r) => ['/responses', '/v1/messages', '/chat/completions'].includes(r.path));
      const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2500)}\nupstream: ${upstream.map((r) => `${r.method} ${r.path}`).join(', ')}`;
      expect(run.code, context).toBe(0);
      expect(existsSync(join(run.cwd, 'marker.txt')), context).toBe(true);
      expect(readFileSync(join(run.cwd, 'marker.txt'), 'utf8').trim()).toBe(marker);
      // The scripted model's answer to the tool result is Codex's final message.
      expect(run.stdout, context).toContain('Tool exec_command returned:');

      // Two model calls (the call, then the answer to its output), both on the planned endpoint.
      expect(upstream.length, context).toBeGreaterThanOrEqual(2);
      expect(
        upstream.every((r) => r.path === endpoint && (r.body as Json).model === model),
        context,
      ).toBe(true);
      const first = upstream[0].body as Json;
      const names = (first.tools as Json[]).map((t) => t.name);
      expect(names).toContain('exec_command');
      expect(JSON.stringify(first.tools)).not.toContain('"web_search"');
      expect(log.lines.some((l) => l.includes("'web_search'"))).toBe(true);
      const last = JSON.stringify(upstream.at(-1)!.body);
      expect(last).toContain(endpoint === '/responses' ? 'function_call_output' : 'tool_result');
      expect(upstream.at(-1)!.headers['x-initiator']).toBe('agent');
    }, 180_000);
  }
});
