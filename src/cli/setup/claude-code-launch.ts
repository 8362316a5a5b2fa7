// `start --claude-code`: once the gateway listens, pick a main and a small model from its live
// catalogue (asked interactively on a terminal unless --model/--small-model say), then print a
// launch command for the user's shell and copy it to the clipboard when one is available.
import { createInterface } from 'node:readline/promises';
import { ConfigError } from '../../config/errors.js';
import type { CliIO } from '../io.js';
import { fetchModels, findModel, pickModels, type SetupModel } from './catalogue.js';
import { DEFAULT_KEY } from './index.js';
import { copyToClipboard, detectShell, launchCommand, SHELLS, type ShellKind } from './launch.js';
import { claudeCodeEnv } from './writers.js';

export interface ClaudeCodeLaunchFlags {
  model?: string;
  smallModel?: string;
  key?: string;
  shell?: string;
}

async function ask(
  io: CliIO,
  models: SetupModel[],
  question: string,
  fallback: SetupModel,
): Promise<SetupModel> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(`${question} [${fallback.id}]: `)).trim();
    if (answer === '') return fallback;
    const n = Number(answer);
    if (Number.isInteger(n) && n >= 1 && n <= models.length) return models[n - 1];
    return findModel(models, answer, 'model');
  } finally {
    rl.close();
    io.err('');
  }
}

export async function printClaudeCodeLaunch(
  url: string,
  flags: ClaudeCodeLaunchFlags,
  env: Record<string, string | undefined>,
  io: CliIO,
  options: { interactive?: boolean; clipboard?: (text: string) => Promise<string | undefined> } = {},
): Promise<string> {
  const key = flags.key ?? DEFAULT_KEY;
  if (flags.shell !== undefined && !SHELLS.includes(flags.shell as ShellKind))
    throw new ConfigError(`Unknown shell "${flags.shell}": choose one of ${SHELLS.join(', ')}`);
  const models = await fetchModels(url, key);
  let { main, small } = pickModels('claude-code', models, flags);
  if (options.interactive && !flags.model) {
    io.err(
      models
        .map((m, i) => `  ${i + 1}. ${m.id}${m.endpoints.includes('/v1/messages') ? '' : ' (translated)'}`)
        .join('\n'),
    );
    main = await ask(io, models, 'Main model (number or id)', main);
    if (!flags.smallModel) small = await ask(io, models, 'Small model for quick tasks', small);
  }
  const shell = (flags.shell as ShellKind | undefined) ?? detectShell(env);
  const command = launchCommand(claudeCodeEnv({ url, key, main, small, home: '' }), shell);
  io.out(`Launch Claude Code through the gateway (${shell}):`);
  io.out(command);
  const tool = await (options.clipboard ?? copyToClipboard)(command);
  io.err(tool ? `(copied to the clipboard with ${tool})` : '(no clipboard tool found: copy the line above)');
  return command;
}
