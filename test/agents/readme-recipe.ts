// Reads a client recipe out of README.md, so the agent tests run the recipe exactly as users read
// it (one source: the README). Only the placeholders are substituted: the gateway URL, `<model>`
// and the prompt.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const README_URL = 'http://127.0.0.1:4141';

function section(readme: string, heading: string): string {
  const start = readme.indexOf(`### ${heading}\n`);
  if (start === -1) throw new Error(`README has no "### ${heading}" section`);
  const next = readme.indexOf('\n### ', start + 4);
  const nextTop = readme.indexOf('\n## ', start + 4);
  const ends = [next, nextTop].filter((i) => i !== -1);
  return readme.slice(start, ends.length ? Math.min(...ends) : undefined);
}

function block(text: string, lang: string): string {
  const fence = '```';
  const m = new RegExp(`${fence}${lang}\\n([\\s\\S]*?)${fence}`).exec(text);
  if (!m) throw new Error(`recipe has no \`\`\`${lang} block`);
  return m[1];
}

/** Splits a one-line shell command into words (double quotes group; no other shell syntax). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

export interface ShellRecipe {
  /** The file the recipe asks for (parsed JSON). */
  settings: unknown;
  env: Record<string, string>;
  command: string;
  args: string[];
}

/** The Gemini CLI recipe: its settings.json and its command line. */
export function geminiRecipe(baseUrl: string, model: string, prompt: string): ShellRecipe {
  const text = section(readFileSync(resolve('README.md'), 'utf8'), 'Gemini CLI');
  const settings: unknown = JSON.parse(block(text, 'json'));
  const line = block(text, 'sh').trim().replaceAll(README_URL, baseUrl);
  const env: Record<string, string> = {};
  const all = words(line);
  let i = 0;
  for (; i < all.length && /^[A-Z_][A-Z0-9_]*=/.test(all[i]); i++) {
    const eq = all[i].indexOf('=');
    env[all[i].slice(0, eq)] = all[i].slice(eq + 1);
  }
  const args = all.slice(i + 1).map((w) => (w === '<model>' ? model : w));
  const p = args.indexOf('-p');
  if (p === -1 || p + 1 >= args.length) throw new Error('the recipe has no -p "<prompt>"');
  args[p + 1] = prompt;
  return { settings, env, command: all[i], args };
}
