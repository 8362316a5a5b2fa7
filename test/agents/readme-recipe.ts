// Reads the client recipes out of README.md, so the agent tests run each recipe exactly as users
// read it (one source: the README). Only the placeholders are substituted: the gateway URL, the
// key (`cgw_…`), `<model>` and the prompt. What a test adds beyond that is harness-only (offline
// switches, a fresh HOME) and says so where it is added.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';

const README_URL = 'http://127.0.0.1:4141';
const KEY = 'cgw_…';

function section(readme: string, heading: string): string {
  const start = readme.indexOf(`### ${heading}\n`);
  if (start === -1) throw new Error(`README has no "### ${heading}" section`);
  const next = readme.indexOf('\n### ', start + 4);
  const nextTop = readme.indexOf('\n## ', start + 4);
  const ends = [next, nextTop].filter((i) => i !== -1);
  return readme.slice(start, ends.length ? Math.min(...ends) : undefined);
}

const recipeText = (heading: string) => section(readFileSync(resolve('README.md'), 'utf8'), heading);

function block(text: string, lang: string): string {
  const fence = '```';
  const m = new RegExp(`${fence}${lang}\\n([\\s\\S]*?)${fence}`).exec(text);
  if (!m) throw new Error(`recipe has no \`\`\`${lang} block`);
  return m[1];
}

/** The placeholders of a recipe's text replaced by the test's values. */
function fill(text: string, v: { baseUrl: string; model?: string; key?: string }): string {
  let out = text.replaceAll(README_URL, v.baseUrl);
  if (v.model !== undefined) out = out.replaceAll('<model>', v.model);
  if (v.key !== undefined) out = out.replaceAll(KEY, v.key);
  return out;
}

/** Splits a shell command into words (double quotes group; no other shell syntax). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

const ASSIGNMENT = /^[A-Z_][A-Z0-9_]*=/;

function assign(env: Record<string, string>, word: string): void {
  const eq = word.indexOf('=');
  env[word.slice(0, eq)] = word.slice(eq + 1);
}

export interface ShellRecipe {
  /** The file the recipe asks for (parsed). */
  settings: unknown;
  env: Record<string, string>;
  /** `# optional: NAME=value` lines under the command. */
  optionalEnv: Record<string, string>;
  command: string;
  args: string[];
}

/**
 * A ```sh block's one command: `NAME=value … command args`, lines joined at a trailing `\`;
 * `# optional: NAME=value` comment lines give optional variables.
 */
function shellCommand(sh: string): Omit<ShellRecipe, 'settings'> {
  const lines = sh.replace(/\\\n/g, ' ').split('\n');
  const optionalEnv: Record<string, string> = {};
  for (const l of lines) {
    const m = /^#\s*optional:\s*(.+)$/.exec(l.trim());
    if (m) for (const w of words(m[1]).filter((w) => ASSIGNMENT.test(w))) assign(optionalEnv, w);
  }
  const commands = lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (commands.length !== 1) throw new Error(`expected one command in the recipe, found ${commands.length}`);
  const all = words(commands[0]);
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < all.length && ASSIGNMENT.test(all[i]); i++) assign(env, all[i]);
  return { env, optionalEnv, command: all[i], args: all.slice(i + 1) };
}

/** The Gemini CLI recipe: its settings.json and its command line. */
export function geminiRecipe(baseUrl: string, model: string, prompt: string): ShellRecipe {
  const text = fill(recipeText('Gemini CLI'), { baseUrl, model });
  const settings: unknown = JSON.parse(block(text, 'json'));
  const cmd = shellCommand(block(text, 'sh'));
  const p = cmd.args.indexOf('-p');
  if (p === -1 || p + 1 >= cmd.args.length) throw new Error('the recipe has no -p "<prompt>"');
  cmd.args[p + 1] = prompt;
  return { settings, ...cmd };
}

/** The Claude Code recipe: environment variables (ANTHROPIC_MODEL optional) and the command. */
export function claudeCodeRecipe(baseUrl: string, key: string, model?: string): ShellRecipe {
  const text = fill(recipeText('Claude Code'), { baseUrl, key, model });
  const cmd = shellCommand(block(text, 'sh'));
  const env = model === undefined ? cmd.env : { ...cmd.env, ...cmd.optionalEnv };
  if (model !== undefined && !Object.values(cmd.optionalEnv).includes(model))
    throw new Error('the recipe names no optional variable for the model');
  return { settings: undefined, ...cmd, env };
}

/** The Codex CLI recipe: config.toml (as text, and parsed) and the command with its key variable. */
export function codexRecipe(baseUrl: string, key: string, model: string): ShellRecipe & { toml: string } {
  const text = fill(recipeText('Codex CLI'), { baseUrl, key, model });
  const toml = block(text, 'toml');
  const settings = parseToml(toml) as {
    model_provider: string;
    model_providers: Record<string, { env_key?: string }>;
  };
  const cmd = shellCommand(block(text, 'sh'));
  const envKey = settings.model_providers[settings.model_provider]?.env_key;
  if (!envKey || cmd.env[envKey] !== key)
    throw new Error(`the recipe's command does not set ${envKey}, the provider's env_key`);
  return { settings, toml, ...cmd };
}

/** The opencode recipe: opencode.json and the command line. */
export function opencodeRecipe(baseUrl: string, key: string, model: string): ShellRecipe {
  const text = fill(recipeText('opencode'), { baseUrl, key, model });
  return { settings: JSON.parse(block(text, 'json')), ...shellCommand(block(text, 'sh')) };
}
