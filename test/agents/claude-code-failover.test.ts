// Claude Code (`claude -p`) keeps working when its account hits the 5-hour session limit in the
// middle of a tool round trip: the tool-result turn fails over to the second account, with the
// first account's thinking signatures dropped from the history (the second cannot verify them).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { BIN, freshDirs, runAgent } from './agent-env.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    emulator: {
      users: [
        // Alice answers the prompt turn, then is at her session limit.
        {
          token: 'ghu_alice',
          login: 'alice',
          limitAfter: { requests: 1, kind: 'session', resetInSec: 3600 },
        },
        { token: 'ghu_bob', login: 'bob' },
      ],
    },
    accounts: [{ token: 'ghu_alice' }, { token: 'ghu_bob' }],
  });
});
afterAll(async () => {
  await stack?.close();
});

describe('Claude Code through a failover', () => {
  it('completes a tool round trip whose second turn moves to another account', async () => {
    const { home, cwd } = freshDirs('claude-failover');
    mkdirSync(home, { recursive: true });
    mkdirSync(cwd, { recursive: true });
    const start = stack.emulator.requests.length;
    const run = await runAgent(
      BIN('claude'),
      [
        '-p',
        'Create the marker file. [[tool:Bash {"command":"echo failed-over > marker.txt","description":"write marker"}]]',
        '--allowedTools',
        'Bash',
        '--output-format',
        'text',
      ],
      {
        env: {
          ANTHROPIC_BASE_URL: stack.url,
          ANTHROPIC_AUTH_TOKEN: 'test-key',
          ANTHROPIC_MODEL: 'claude-sonnet-4.5',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_AUTOUPDATER: '1',
          DISABLE_TELEMETRY: '1',
          DISABLE_ERROR_REPORTING: '1',
        },
        home,
        cwd,
        timeoutMs: 150_000,
      },
    );
    const log = stack.emulator.requests
      .slice(start)
      .filter((r) => r.method === 'POST' && r.path === '/v1/messages');
    const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2000)}`;
    expect(run.code, context).toBe(0);
    expect(readFileSync(join(run.cwd, 'marker.txt'), 'utf8').trim()).toBe('failed-over');
    expect(existsSync(join(run.cwd, 'marker.txt'))).toBe(true);
    expect(stack.emulator.userRequests('alice')).toBe(1);
    expect(stack.emulator.userRequests('bob'), context).toBeGreaterThanOrEqual(1);
    const states = await stack.store.accounts.states();
    const alice = await stack.store.accounts.find('alice');
    expect(states.find((s) => s.accountId === alice?.id)?.reason).toBe('user_global_rate_limited:pro');
    // Claude Code asked for thinking; the turn bob served carries the tool result and none of the
    // thinking alice signed (alice's turn, her 429, then bob).
    expect((log[0]?.body as { thinking?: { type?: string } } | undefined)?.thinking?.type).toBe('enabled');
    expect(log.length, context).toBe(3);
    const toBob = log.at(-1)?.body as { messages: { content: unknown }[] };
    expect(JSON.stringify(toBob.messages)).toContain('tool_result');
    expect(JSON.stringify(toBob.messages)).not.toContain('"signature"');
  }, 180_000);
});
