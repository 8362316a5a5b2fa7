// Gemini CLI itself (`gemini -p`), offline against gateway + emulator, completing a prompt that
// needs a tool round trip on a chat-only, a Claude and a responses-only Copilot model.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { defaultModels } from '../../src/emulator/catalogue.js';
import type { LoggedRequest } from '../../src/emulator/types.js';
import { BIN, freshDirs, runAgent } from './agent-env.js';
import { geminiRecipe } from './readme-recipe.js';

let stack: LocalStack;
/** A gateway API key: once one exists, every request must carry it. */
let apiKey: string;

/** Copilot offers this Claude model through /v1/messages only in this stack's catalogue. */
const MESSAGES_ONLY = 'claude-opus-4.6';

beforeAll(async () => {
  const models = defaultModels().map((m) =>
    m.id === MESSAGES_ONLY ? { ...m, supported_endpoints: ['/v1/messages'] } : m,
  );
  stack = await startLocalStack({ emulator: { models } });
  apiKey = (await stack.store.keys.create({ name: 'gemini-cli' })).secret;
});
afterAll(async () => {
  await stack?.close();
});

/**
 * Runs the README's Gemini CLI recipe as written (test/agents/readme-recipe.ts reads its
 * settings.json and command line), in a fresh HOME. `--yolo` is added where the prompt needs a
 * tool approved; the two harness variables below are no part of the recipe.
 */
function gemini(
  prompt: string,
  model: string,
  url = stack.url,
  options: { yolo?: boolean; key?: string } = {},
) {
  const recipe = geminiRecipe(url, model, prompt);
  const { home, cwd } = freshDirs('gemini');
  mkdirSync(join(home, '.gemini'), { recursive: true });
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(home, '.gemini', 'settings.json'), JSON.stringify(recipe.settings));
  expect(recipe.command).toBe('gemini');
  return runAgent(BIN('gemini'), options.yolo === false ? recipe.args : [...recipe.args, '--yolo'], {
    env: {
      ...recipe.env,
      // Harness only: no self-relaunch with a bigger heap, and its error reports under the run's dir.
      // Every request carries a gateway API key (one exists), in place of the recipe's placeholder.
      GEMINI_API_KEY: options.key ?? apiKey,
      GEMINI_CLI_NO_RELAUNCH: '1',
      TMPDIR: home,
    },
    home,
    cwd,
    timeoutMs: 150_000,
  });
}

const INFERENCE = ['/chat/completions', '/v1/messages', '/responses'];
const inference = (log: LoggedRequest[]) =>
  log.filter((r) => r.method === 'POST' && INFERENCE.includes(r.path));

/** Tool names the CLI declared (read back from what reached Copilot). */
function declaredTools(r: LoggedRequest): string[] {
  const tools = ((r.body as { tools?: unknown[] }).tools ?? []) as Array<Record<string, unknown>>;
  return tools.map((t) => String((t.function as { name?: string } | undefined)?.name ?? t.name));
}

const cases: Array<[string, string, string]> = [
  ['chat-only', 'gpt-4.1', '/chat/completions'],
  ['claude', 'claude-sonnet-4.5', '/chat/completions'],
  ['responses-only', 'gpt-5-codex', '/responses'],
  ['messages-only', MESSAGES_ONLY, '/v1/messages'],
  ['thinking chat-only', 'gemini-3.1-pro-preview', '/chat/completions'],
];

describe('Gemini CLI (gemini -p) through the gateway', () => {
  for (const [kind, model, endpoint] of cases) {
    it(`completes a shell-tool round trip on a ${kind} model (${model})`, async () => {
      const start = stack.emulator.requests.length;
      const args = JSON.stringify({
        command: `echo made-by-${kind.replace(' ', '-')} > marker.txt`,
        description: 'write marker',
      });
      const run = await gemini(`Create the marker file. [[tool:run_shell_command ${args}]]`, model);
      const log = inference(stack.emulator.requests.slice(start));
      const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-3000)}\nupstream: ${log
        .map((r) => `${r.path} ${(r.body as { model?: string }).model}`)
        .join(', ')}\ntools: ${log[0] ? declaredTools(log[0]).join(',') : '-'}`;
      expect(run.code, context).toBe(0);
      expect(`${run.stdout}\n${run.stderr}`, context).not.toContain('[ERROR]');
      expect(existsSync(join(run.cwd, 'marker.txt')), context).toBe(true);
      expect(readFileSync(join(run.cwd, 'marker.txt'), 'utf8').trim()).toBe(
        `made-by-${kind.replace(' ', '-')}`,
      );
      expect(run.stdout, context).toContain('Tool run_shell_command returned');
      const toModel = log.filter((r) => (r.body as { model?: string }).model === model);
      expect(toModel.length, context).toBeGreaterThanOrEqual(2);
      expect(
        toModel.every((r) => r.path === endpoint),
        context,
      ).toBe(true);
      expect(declaredTools(toModel[0])).toEqual(expect.arrayContaining(['run_shell_command', 'write_file']));
    }, 180_000);
  }

  it('writes a file with write_file and reports the result (claude-sonnet-4.5)', async () => {
    const args = JSON.stringify({ file_path: 'notes.txt', content: 'written by the gateway test' });
    const run = await gemini(`Save the note. [[tool:write_file ${args}]]`, 'claude-sonnet-4.5');
    const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-3000)}`;
    expect(`${run.stdout}\n${run.stderr}`, context).not.toContain('[ERROR]');
    expect(readFileSync(join(run.cwd, 'notes.txt'), 'utf8')).toBe('written by the gateway test');
    expect(run.stdout, context).toContain('Tool write_file returned');
  }, 180_000);

  it('prints a plain answer, and fails an unknown model as ModelNotFoundError', async () => {
    // Exactly the README's command (no --yolo): only the model and the prompt are filled in.
    const ok = await gemini('Just say hello', 'gpt-4.1', stack.url, { yolo: false });
    // The scripted model echoes the turn's head: Gemini CLI's session context comes first.
    expect(ok.stdout).toContain('Hello from gpt-4.1! You said: <session_context>');
    expect(`${ok.stdout}\n${ok.stderr}`).not.toContain('[ERROR]');
    const bad = await gemini('Hello?', 'no-such-model-9');
    // A 404 NOT_FOUND is what Gemini CLI classifies as ModelNotFoundError (a 400 would not be).
    expect(bad.stderr).toContain('ModelNotFoundError');
    expect(bad.stderr).toContain('"no-such-model-9" is not available');
    expect(bad.code).not.toBe(0);
  }, 180_000);
});

describe("the README's Gemini CLI recipe is needed as written", () => {
  it('fails without the settings file (exit 41) and without the trust variable (exit 55)', async () => {
    const recipe = geminiRecipe(stack.url, 'gpt-4.1', 'Just say hello');
    const harness = { GEMINI_CLI_NO_RELAUNCH: '1' };
    const noSettings = freshDirs('gemini');
    mkdirSync(noSettings.home, { recursive: true });
    mkdirSync(noSettings.cwd, { recursive: true });
    const a = await runAgent(BIN('gemini'), recipe.args, {
      env: { ...recipe.env, ...harness, TMPDIR: noSettings.home },
      ...noSettings,
      timeoutMs: 120_000,
    });
    expect(a.code, a.stderr.slice(-1500)).toBe(41);
    expect(a.stderr).toContain('Invalid auth method selected');

    const untrusted = freshDirs('gemini');
    mkdirSync(join(untrusted.home, '.gemini'), { recursive: true });
    mkdirSync(untrusted.cwd, { recursive: true });
    writeFileSync(join(untrusted.home, '.gemini', 'settings.json'), JSON.stringify(recipe.settings));
    const { GEMINI_CLI_TRUST_WORKSPACE: _trust, ...withoutTrust } = recipe.env;
    const b = await runAgent(BIN('gemini'), recipe.args, {
      env: { ...withoutTrust, ...harness, TMPDIR: untrusted.home },
      ...untrusted,
      timeoutMs: 120_000,
    });
    expect(b.code, b.stderr.slice(-1500)).toBe(55);
  }, 180_000);
});

describe('Gemini CLI while Copilot pauses mid-stream (heartbeats on)', () => {
  let slow: LocalStack;
  let slowKey: string;
  beforeAll(async () => {
    slow = await startLocalStack({ settings: { heartbeatMs: 40 } });
    slowKey = (await slow.store.keys.create({ name: 'gemini-cli' })).secret;
  });
  afterAll(async () => {
    await slow?.close();
  });

  it('reads through the keep-alives its bundled SDK must tolerate and completes the tool turn', async () => {
    // Both turns pause after their first event long enough for several heartbeats.
    slow.emulator.injectFault({
      match: { path: '/chat/completions' },
      times: 2,
      fault: { kind: 'silent', silenceMs: 400, afterEvents: 1 },
    });
    const args = JSON.stringify({ command: 'echo after-pause > marker.txt', description: 'write marker' });
    const run = await gemini(
      `Create the marker file. [[tool:run_shell_command ${args}]]`,
      'gpt-4.1',
      slow.url,
      { key: slowKey },
    );
    const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-3000)}`;
    expect(`${run.stdout}\n${run.stderr}`, context).not.toContain('[ERROR]');
    expect(readFileSync(join(run.cwd, 'marker.txt'), 'utf8').trim(), context).toBe('after-pause');
    expect(run.stdout, context).toContain('Tool run_shell_command returned');
    const turns = slow.emulator.requests.filter((r) => r.path === '/chat/completions');
    expect(turns.length, context).toBe(2);
  }, 180_000);
});
