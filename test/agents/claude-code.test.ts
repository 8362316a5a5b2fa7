// Claude Code itself (`claude -p`), offline against gateway + emulator, completing a prompt that
// needs a tool round trip on a messages-capable, a responses-only and a chat-only model.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { catalogue2026 } from '../../src/emulator/catalogue-2026.js';
import { firstRefusedField } from '../../src/emulator/read-drift.js';
import { memoryLogger } from '../../src/util/log.js';
import { BIN, freshDirs, runAgent } from './agent-env.js';
import { claudeCodeRecipe } from './readme-recipe.js';

const log = memoryLogger('info');

let stack: LocalStack;
/** A gateway API key: once one exists, every request must carry it. */
let apiKey: string;
const SMALL_MODEL = 'claude-haiku-4.5';

/** A warm-up probe as the gateway diverts it: one user word, max_tokens 1, no tools. */
function isProbeShape(body: {
  max_tokens?: number;
  tools?: unknown[];
  messages?: Array<{ content?: unknown }>;
}) {
  return body.max_tokens === 1 && !body.tools?.length && body.messages?.length === 1;
}

beforeAll(async () => {
  stack = await startLocalStack({ settings: { smallModel: SMALL_MODEL } });
  apiKey = (await stack.store.keys.create({ name: 'claude-code' })).secret;
});
afterAll(async () => {
  await stack?.close();
});

/**
 * Runs the README's Claude Code recipe as written (its environment, ANTHROPIC_MODEL when a model
 * is given; test/agents/readme-recipe.ts reads it) in a fresh HOME. The harness adds only the
 * arguments of a non-interactive run (`-p`, the tool allowed, text output).
 */
function claude(prompt: string, model: string | undefined, url = stack.url, key = apiKey) {
  const { home, cwd } = freshDirs('claude');
  mkdirSync(home, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  const recipe = claudeCodeRecipe(url, key, model);
  expect(recipe.command).toBe('claude');
  return runAgent(
    BIN('claude'),
    [...recipe.args, '-p', prompt, '--allowedTools', 'Bash', '--output-format', 'text'],
    { env: recipe.env, home, cwd, timeoutMs: 150_000 },
  );
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
      // Warm-up rule: the prompt turn (tools, thinking) is never diverted to smallModel; anything
      // that did go there is a probe.
      const promptTurn = inference.find((r) => JSON.stringify(r.body).includes(`made-by-${kind}`));
      expect((promptTurn?.body as { model?: string })?.model, context).toBe(model);
      for (const r of inference) {
        const body = r.body as Parameters<typeof isProbeShape>[0] & { model?: string };
        if (body.model === SMALL_MODEL)
          expect(isProbeShape(body), JSON.stringify(body).slice(0, 300)).toBe(true);
        else expect(body.model).toBe(model);
      }
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
    // Its own idea of the default model's output size is clamped to what Copilot allows (the
    // emulator refuses more, as Copilot does: "max_tokens: 64000 > 32000, ...").
    for (const r of log) expect((r.body as { max_tokens: number }).max_tokens).toBeLessThanOrEqual(32000);
  }, 180_000);

  it('sends only its probes to smallModel (shapes from Claude Code 2.1.330), never a real turn', async () => {
    // `claude -p` with an API key sends no probe at all, so the probes its code sends in other
    // modes are replayed here as it builds them (see docs/architecture.md, "Warm-up probes").
    const send = (body: Record<string, unknown>, query = '') =>
      fetch(`${stack.url}/v1/messages${query}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'anthropic-version': '2023-06-01',
          'x-api-key': apiKey,
        },
        body: JSON.stringify(body),
      });
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [
        'quota check',
        { max_tokens: 1, messages: [{ role: 'user', content: 'quota' }], metadata: { user_id: 'u' } },
        '?beta=true',
        SMALL_MODEL,
      ],
      [
        'API key check',
        { max_tokens: 1, temperature: 1, messages: [{ role: 'user', content: 'test' }] },
        '?beta=true',
        SMALL_MODEL,
      ],
      [
        'model check',
        { max_tokens: 1, system: 'x', messages: [{ role: 'user', content: '.' }] },
        '',
        'claude-sonnet-4.5',
      ],
      [
        'real turn',
        { max_tokens: 32000, stream: false, messages: [{ role: 'user', content: 'quota' }] },
        '?beta=true',
        'claude-sonnet-4.5',
      ],
    ];
    for (const [label, body, query, expected] of cases) {
      const start = stack.emulator.requests.length;
      const res = await send({ model: 'claude-sonnet-4.5', ...body }, query);
      expect(res.status, label).toBe(200);
      await res.arrayBuffer();
      const up = stack.emulator.requests.slice(start).filter((r) => r.path === '/v1/messages');
      expect(
        up.map((r) => (r.body as { model?: string }).model),
        label,
      ).toEqual([expected]);
    }
  });
});

describe('Claude Code with no model set, on the 2026 catalogue', () => {
  let y2026: LocalStack;
  beforeAll(async () => {
    y2026 = await startLocalStack({ emulator: { models: catalogue2026() }, log });
  });
  afterAll(async () => {
    await y2026?.close();
  });

  it("answers on the account's Claude model, within Copilot's output limit and without the fields Copilot refuses", async () => {
    const run = await claude('Say hi', undefined, y2026.url, 'test-key');
    const sent = y2026.emulator.requests.filter((r) => r.path === '/v1/messages');
    const context = `${run.stdout}\n${run.stderr.slice(-1500)}\n${log.lines.slice(-5).join('\n')}`;
    expect(run.code, context).toBe(0);
    expect(run.stdout).toContain('You said');
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      const body = r.body as { model: string; max_tokens: number };
      expect(body.model.startsWith('claude-'), context).toBe(true);
      expect(body.max_tokens, context).toBeLessThanOrEqual(32000);
      expect(firstRefusedField(r.body as Record<string, unknown>), context).toBeUndefined();
    }
    // What Claude Code 2.1.330 sends for its default (claude-opus-5-5): max_tokens 128000,
    // context_management and tools[].defer_loading; the gateway says what it changed.
    expect(
      log.lines.some((l) => l.includes('removed context_management')),
      context,
    ).toBe(true);
    expect(
      log.lines.some((l) => /max_tokens \d+ → 32000/.test(l)),
      context,
    ).toBe(true);
  }, 180_000);
});
