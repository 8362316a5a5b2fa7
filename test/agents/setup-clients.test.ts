// The files `copilot-gateway setup <client> --write` writes make the real clients work on the
// first try from a fresh HOME: no base URL, key or model in the environment, only what the
// machine needs to run offline (Gemini CLI's workspace-trust switch and relaunch guard; opencode's
// models.dev fetch, auto-update and LSP downloads off).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runSetup } from '../../src/cli/setup/index.js';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { BIN, freshDirs, runAgent } from './agent-env.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.close();
});

async function setUp(client: string, model: string) {
  const { home, cwd } = freshDirs(`setup-${client}`);
  mkdirSync(home, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  await runSetup(
    client,
    { url: stack.url, write: true, model, key: 'setup-key' },
    { HOME: home },
    memoryIO(),
  );
  return { home, cwd };
}

const inferenceSince = (n: number) =>
  stack.emulator.requests
    .slice(n)
    .filter(
      (r) => r.method === 'POST' && ['/v1/messages', '/responses', '/chat/completions'].includes(r.path),
    );

describe('setup writers against the real clients', () => {
  it('claude-code: claude -p answers through the gateway', async () => {
    const start = stack.emulator.requests.length;
    const { home, cwd } = await setUp('claude-code', 'claude-sonnet-4.5');
    const run = await runAgent(BIN('claude'), ['-p', 'Say hello.', '--output-format', 'text'], {
      env: {},
      home,
      cwd,
      timeoutMs: 150_000,
    });
    const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2000)}`;
    expect(run.code, context).toBe(0);
    expect(run.stdout, context).toContain('Hello from claude-sonnet-4.5');
    expect(
      inferenceSince(start).some((r) => (r.body as { model?: string }).model === 'claude-sonnet-4.5'),
    ).toBe(true);
  });

  it('codex: codex exec answers through the gateway', async () => {
    const start = stack.emulator.requests.length;
    const { home, cwd } = await setUp('codex', 'gpt-5-codex');
    const run = await runAgent(
      BIN('codex'),
      ['exec', '--skip-git-repo-check', '--color', 'never', 'Say hello.'],
      { env: {}, home, cwd, timeoutMs: 150_000 },
    );
    const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2000)}`;
    expect(run.code, context).toBe(0);
    expect(run.stdout, context).toContain('Hello from gpt-5-codex');
    const sent = inferenceSince(start);
    expect(sent.map((r) => r.path)).toContain('/responses');
  });

  it('gemini-cli: gemini -p answers through the gateway', async () => {
    const start = stack.emulator.requests.length;
    const { home, cwd } = await setUp('gemini-cli', 'gpt-4.1');
    const run = await runAgent(BIN('gemini'), ['-p', 'Say hello.'], {
      env: { GEMINI_CLI_TRUST_WORKSPACE: 'true', GEMINI_CLI_NO_RELAUNCH: '1', TMPDIR: home },
      home,
      cwd,
      timeoutMs: 150_000,
    });
    const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2000)}`;
    expect(run.stdout, context).toContain('Hello from gpt-4.1');
    expect(run.stdout, context).not.toContain('[ERROR]');
    expect(inferenceSince(start).length).toBeGreaterThan(0);
  });

  it('opencode: opencode run answers through the gateway', async () => {
    const start = stack.emulator.requests.length;
    const { home, cwd } = await setUp('opencode', 'gpt-4.1');
    const run = await runAgent(BIN('opencode'), ['run', 'Say hello.'], {
      env: {
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      },
      home,
      cwd,
      timeoutMs: 150_000,
    });
    const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2000)}`;
    expect(run.code, context).toBe(0);
    expect(run.stdout, context).toContain('Hello from gpt-4.1');
    expect(inferenceSince(start).some((r) => r.path === '/chat/completions')).toBe(true);
  });
});
