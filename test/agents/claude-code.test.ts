// Claude Code itself (`claude -p`), offline against gateway + emulator, completing a prompt that
// needs a tool round trip on a messages-capable, a responses-only and a chat-only model.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { BIN, freshDirs, runAgent } from './agent-env.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ settings: { smallModel: 'claude-haiku-4.5' } });
});
afterAll(async () => {
  await stack?.close();
});

function claude(prompt: string, model: string | undefined) {
  const { home, cwd } = freshDirs('claude');
  mkdirSync(home, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  const env: Record<string, string> = {
    ANTHROPIC_BASE_URL: stack.url,
    ANTHROPIC_AUTH_TOKEN: 'test-key',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
  };
  if (model) env.ANTHROPIC_MODEL = model;
  return runAgent(BIN('claude'), ['-p', prompt, '--allowedTools', 'Bash', '--output-format', 'text'], {
    env,
    home,
    cwd,
    timeoutMs: 150_000,
  });
}

const cases: Array<[string, string]> = [
  ['messages-capable', 'claude-sonnet-4.5'],
  ['responses-only', 'gpt-5-codex'],
  ['chat-only', 'gemini-3.1-pro-preview'],
];

describe('Claude Code (claude -p) through the gateway', () => {
  for (const [kind, model] of cases) {
    it(`completes a tool round trip on a ${kind} model (${model})`, async () => {
      const start = stack.emulator.requests.length;
      const run = await claude(
        `Create the marker file. [[tool:Bash {"command":"echo made-by-${kind} > marker.txt","description":"write marker"}]]`,
        model,
      );
      const log = stack.emulator.requests.slice(start);
      const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2000)}\nupstream: ${log.map((r) => `${r.method} ${r.path}`).join(', ')}`;
      expect(run.code, context).toBe(0);
      expect(existsSync(join(run.cwd, 'marker.txt')), context).toBe(true);
      expect(readFileSync(join(run.cwd, 'marker.txt'), 'utf8').trim()).toBe(`made-by-${kind}`);
      expect(run.stdout, context).toMatch(/Tool (Bash )?returned/);
      const inference = log.filter(
        (r) => r.method === 'POST' && ['/v1/messages', '/responses', '/chat/completions'].includes(r.path),
      );
      const toModel = inference.filter((r) => (r.body as { model?: string })?.model === model);
      expect(toModel.length, context).toBeGreaterThanOrEqual(2);
    }, 180_000);
  }

  it('starts with its default model when none is configured (placed by the Claude fallback rule)', async () => {
    const start = stack.emulator.requests.length;
    const run = await claude('Say hi', undefined);
    const log = stack.emulator.requests.slice(start).filter((r) => r.path === '/v1/messages');
    expect(run.code, `${run.stdout}\n${run.stderr.slice(-1500)}`).toBe(0);
    expect(run.stdout).toContain('You said');
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((r) => String((r.body as { model?: string }).model).startsWith('claude-'))).toBe(true);
  }, 180_000);
});
