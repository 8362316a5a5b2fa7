// Which command the user actually typed to run us, so that every hint we print ("run
// `copilot-gateway auth`") is one they can paste: the installed bin, `npx copilot-gateway` from a
// checkout or npx, `node path/to/main.js`, or what a container or service sets in
// COPILOT_GATEWAY_COMMAND (the Docker image says `docker compose run --rm gateway`).
import { basename, delimiter, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Env } from '../config/paths.js';
import type { CliIO } from './io.js';

export const BIN_NAME = 'copilot-gateway';

export interface InvocationInput {
  /** process.argv[1]: the script node was started with (a bin symlink keeps its own path). */
  argv1: string | undefined;
  env: Env;
  cwd: string;
}

function onPath(dir: string, env: Env): boolean {
  return (env.PATH ?? '').split(delimiter).some((p) => p !== '' && resolve(p) === resolve(dir));
}

export function detectCommand({ argv1, env, cwd }: InvocationInput): string {
  const override = env.COPILOT_GATEWAY_COMMAND?.trim();
  if (override) return override;
  // `npx copilot-gateway` (npm exec puts the bin dir on the child's PATH, so PATH proves nothing),
  // and `npm start` / `npm run …` from a checkout, where npx finds the local bin.
  if (env.npm_command === 'exec' || env.npm_lifecycle_event) return `npx ${BIN_NAME}`;
  if (!argv1) return BIN_NAME;
  const script = isAbsolute(argv1) ? argv1 : resolve(cwd, argv1);
  if (basename(script) === BIN_NAME) return onPath(dirname(script), env) ? BIN_NAME : script;
  // Started as a file: say so the same way, relative to where the user is when that is shorter.
  const rel = relative(cwd, script);
  const path = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : script;
  return script.endsWith('.ts') ? `npx tsx ${path}` : `node ${path}`;
}

/**
 * Rewrites `copilot-gateway <subcommand>` in printed text to the detected command. Only before a
 * known subcommand, so names such as `model_provider = "copilot-gateway"` stay as they are.
 */
export function rewriteHints(text: string, command: string, subcommands: readonly string[]): string {
  // Most text (every log line) names no command: no pattern to build or run.
  if (command === BIN_NAME || subcommands.length === 0 || !text.includes(BIN_NAME)) return text;
  const names = subcommands.map((s) => s.replace(/[^a-z0-9-]/gi, '')).join('|');
  const re = new RegExp(`(^|[\\s\`'"(])${BIN_NAME}(?= (?:${names})\\b)`, 'gm');
  return text.replace(re, (_m, before: string) => `${before}${command}`);
}

export function hintingIO(io: CliIO, command: string, subcommands: () => readonly string[]): CliIO {
  // The subcommand list is asked for only when the text names the bin (not on every log line).
  const hinted = (text: string) =>
    command === BIN_NAME || !text.includes(BIN_NAME) ? text : rewriteHints(text, command, subcommands());
  return {
    out: (text) => io.out(hinted(text)),
    err: (text) => io.err(hinted(text)),
  };
}
