// opencode itself (`opencode run`), offline against gateway + emulator, with the README's recipe as
// written: its opencode.json and its command line (test/agents/readme-recipe.ts reads both).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../src/dev/local-stack.js';
import { BIN, freshDirs, runAgent } from './agent-env.js';
import { opencodeRecipe } from './readme-recipe.js';

let stack: LocalStack;
/** A gateway API key: once one exists, every request must carry it. */
let apiKey: string;

beforeAll(async () => {
  stack = await startLocalStack();
  apiKey = (await stack.store.keys.create({ name: 'opencode' })).secret;
});
afterAll(async () => {
  await stack?.close();
});

describe('opencode (opencode run) through the gateway, configured as the README says', () => {
  it('answers on the model the recipe names, with the key from opencode.json', async () => {
    const model = 'gpt-5-mini';
    const recipe = opencodeRecipe(stack.url, apiKey, model);
    expect(recipe.command).toBe('opencode');
    const { home, cwd } = freshDirs('opencode');
    mkdirSync(join(home, '.config', 'opencode'), { recursive: true });
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(home, '.config', 'opencode', 'opencode.json'), JSON.stringify(recipe.settings));
    const start = stack.emulator.requests.length;
    const run = await runAgent(BIN('opencode'), recipe.args, {
      env: {
        ...recipe.env,
        // Harness only: this machine is offline (no models.dev catalogue, updates or LSP downloads).
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      },
      home,
      cwd,
      timeoutMs: 150_000,
    });
    const upstream = stack.emulator.requests
      .slice(start)
      .filter(
        (r) => r.method === 'POST' && ['/chat/completions', '/responses', '/v1/messages'].includes(r.path),
      );
    const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr.slice(-2000)}`;
    expect(run.code, context).toBe(0);
    expect(run.stdout, context).toContain(`from ${model}`);
    expect(upstream.length, context).toBeGreaterThan(0);
    expect(upstream.some((r) => (r.body as { model?: string }).model === model)).toBe(true);
  }, 180_000);
});
