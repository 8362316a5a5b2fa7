// `setup` against a running gateway (local stack): models come from the live catalogue, files are
// merged into what exists, --write shows a diff, keeps a 0600 backup and writes 0600.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../dev/local-stack.js';
import { memoryIO } from '../io.js';
import { printClaudeCodeLaunch } from './claude-code-launch.js';
import { runSetup } from './index.js';
import { detectShell, launchCommand } from './launch.js';

let stack: LocalStack;
const root = mkdtempSync(join(tmpdir(), 'cgw-setup-'));
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.close();
  rmSync(root, { recursive: true, force: true });
});

const home = (name: string) => {
  const h = join(root, name);
  mkdirSync(h, { recursive: true });
  return h;
};

describe('setup', () => {
  it('prints Claude Code settings with models the account has, writing nothing', async () => {
    const io = memoryIO();
    const h = home('print');
    expect(await runSetup('claude-code', { url: stack.url }, { HOME: h }, io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain(join(h, '.claude', 'settings.json'));
    const settings = JSON.parse(io.stdout.slice(1).join('\n'));
    expect(settings.env).toMatchObject({
      ANTHROPIC_BASE_URL: stack.url,
      ANTHROPIC_MODEL: 'claude-sonnet-4.5',
      ANTHROPIC_SMALL_FAST_MODEL: 'gpt-5-mini',
      CLAUDE_CODE_MAX_OUTPUT_TOKENS: '32000',
    });
    expect(readdirSync(h)).toEqual([]);
  });

  it('--write merges into the existing file, shows a diff and keeps a backup (all 0600)', async () => {
    const h = home('write');
    const file = join(h, '.claude', 'settings.json');
    mkdirSync(join(h, '.claude'));
    writeFileSync(file, JSON.stringify({ theme: 'dark', env: { FOO: '1' } }));
    const io = memoryIO();
    await runSetup(
      'claude-code',
      { url: stack.url, write: true, model: 'gpt-5-codex', key: 'k1' },
      { HOME: h },
      io,
      () => new Date('2026-12-01T10:00:00Z'),
    );
    expect(io.stdout.join('\n')).toMatch(/^\+\s+"ANTHROPIC_MODEL": "gpt-5-codex"/m);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.theme).toBe('dark');
    expect(written.env).toMatchObject({
      FOO: '1',
      ANTHROPIC_AUTH_TOKEN: 'k1',
      ANTHROPIC_MODEL: 'gpt-5-codex',
    });
    const backup = `${file}.bak-20261201-100000`;
    expect(JSON.parse(readFileSync(backup, 'utf8')).env).toEqual({ FOO: '1' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    const again = memoryIO();
    await runSetup(
      'claude-code',
      { url: stack.url, write: true, model: 'gpt-5-codex', key: 'k1' },
      { HOME: h },
      again,
    );
    expect(again.stderr.join('\n')).toContain('already up to date');
  });

  it('codex: a provider with the key, and Copilot’s prompt limit as the context window', async () => {
    const h = home('codex');
    await runSetup('codex', { url: stack.url, write: true }, { HOME: h }, memoryIO());
    // biome-ignore lint/suspicious/noExplicitAny: test-only deep assertions
    const toml = parseToml(readFileSync(join(h, '.codex', 'config.toml'), 'utf8')) as Record<string, any>;
    expect(toml.model).toBe('gpt-5-mini');
    expect(toml.model_context_window).toBe(128000);
    expect(toml.model_providers['copilot-gateway']).toEqual({
      name: 'Copilot Gateway',
      base_url: `${stack.url}/v1`,
      experimental_bearer_token: 'copilot-gateway',
      wire_api: 'responses',
      supports_websockets: true,
    });
  });

  it('refuses an unknown client, an unknown model and an unreachable gateway with what to do', async () => {
    await expect(runSetup('vim', {}, {}, memoryIO())).rejects.toThrow(/choose one of claude-code/);
    await expect(
      runSetup('codex', { url: stack.url, model: 'gpt-9' }, { HOME: home('x') }, memoryIO()),
    ).rejects.toThrow(/--model "gpt-9" is not a model of this account. Available: gpt-4.1/);
    await expect(
      runSetup('codex', { url: 'http://127.0.0.1:9' }, { HOME: home('y') }, memoryIO()),
    ).rejects.toThrow(/Start it first/);
  });
});

describe('start --claude-code launch command', () => {
  it('renders each shell', () => {
    const vars = { A: 'http://x:1', B: "it's" };
    expect(launchCommand(vars, 'bash')).toBe(`A=http://x:1 B='it'\\''s' claude`);
    expect(launchCommand(vars, 'fish')).toBe(`env A=http://x:1 B='it'\\''s' claude`);
    expect(launchCommand(vars, 'powershell')).toBe(`$env:A="http://x:1"; $env:B="it's"; claude`);
    expect(launchCommand(vars, 'cmd')).toBe(`set "A=http://x:1" && set "B=it's" && claude`);
    expect(detectShell({ SHELL: '/usr/bin/fish' })).toBe('fish');
    expect(detectShell({}, 'win32')).toBe('cmd');
    expect(detectShell({ PSModulePath: 'x' }, 'win32')).toBe('powershell');
  });

  it('prints the command for the chosen models and copies it when a clipboard exists', async () => {
    const io = memoryIO();
    const copied: string[] = [];
    const cmd = await printClaudeCodeLaunch(
      stack.url,
      { smallModel: 'claude-haiku-4.5', shell: 'zsh' },
      {},
      io,
      {
        clipboard: async (t) => {
          copied.push(t);
          return 'xclip';
        },
      },
    );
    expect(cmd).toContain(`ANTHROPIC_BASE_URL=${stack.url}`);
    expect(cmd).toContain('ANTHROPIC_SMALL_FAST_MODEL=claude-haiku-4.5');
    expect(cmd.endsWith(' claude')).toBe(true);
    expect(copied).toEqual([cmd]);
    expect(io.stderr.join('\n')).toContain('copied to the clipboard with xclip');
    const none = memoryIO();
    await printClaudeCodeLaunch(stack.url, {}, {}, none, { clipboard: async () => undefined });
    expect(none.stderr.join('\n')).toContain('no clipboard tool found');
  });
});
