// Runs the real Codex CLI (`codex exec`) against a local stack with the README's Codex CLI recipe
// as written (its config.toml and its command, read by readme-recipe.ts), in a fresh CODEX_HOME.
// `transport: 'http'` is the README's documented variant: the recipe with its
// `supports_websockets = true` line left out. The harness adds only the arguments of a
// non-interactive `exec` run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AgentRun, BIN, freshDirs, runAgent } from './agent-env.js';
import { codexRecipe } from './readme-recipe.js';

export function runCodex(
  baseUrl: string,
  apiKey: string,
  prompt: string,
  model: string,
  transport: 'recipe' | 'http' = 'recipe',
): Promise<AgentRun> {
  const { home, cwd } = freshDirs('codex');
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  const recipe = codexRecipe(baseUrl, apiKey, model);
  if (recipe.command !== 'codex')
    throw new Error(`the README's Codex command is ${recipe.command}, not codex`);
  const wsLine = /^supports_websockets = true\n/m;
  if (!wsLine.test(recipe.toml))
    throw new Error('the README recipe no longer sets supports_websockets = true');
  const toml = transport === 'http' ? recipe.toml.replace(wsLine, '') : recipe.toml;
  writeFileSync(join(codexHome, 'config.toml'), toml);
  return runAgent(
    BIN('codex'),
    // The sandbox needs kernel features this machine may lack; the bypass lets exec run directly.
    [
      ...recipe.args,
      'exec',
      '--skip-git-repo-check',
      '--color',
      'never',
      '--dangerously-bypass-approvals-and-sandbox',
      prompt,
    ],
    { env: { ...recipe.env, CODEX_HOME: codexHome }, home, cwd, timeoutMs: 150_000 },
  );
}
