// What the commands' registrations share (the program builder and the command files that add to
// it): the dependencies a program is built with, the runner of a command body, and the options
// every command that talks to GitHub takes. Its own file so command files need not import the
// program that registers them.
import { type Command, Option } from 'commander';
import type { Env } from '../config/paths.js';
import { LOG_FORMATS } from '../util/log.js';
import type { CliIO } from './io.js';

/** Runs a command body: its exit code to deps.exit, its error as one readable line. */
export type RunCommand = (
  verbose: boolean | undefined,
  showToken: boolean | undefined,
  body: () => Promise<number | undefined>,
) => Promise<void>;

export interface ProgramDeps {
  io: CliIO;
  env: Env;
  /** Called with the exit code when a command finishes (the real CLI exits the process). */
  exit: (code: number) => void;
  /** Whether long-running commands install SIGINT/SIGTERM handlers. */
  handleSignals: boolean;
  /** The command the user typed (see ./invocation.ts); printed hints are rewritten to use it. */
  command?: string;
}

export function addGitHubOptions(cmd: Command): Command {
  return cmd
    .option('--github-url <url>', 'GitHub URL: https://github.com, a ghe.com tenant or a GHES host')
    .option('--github-api-url <url>', 'GitHub API URL (default: derived from --github-url)')
    .option('--data-dir <dir>', 'where the token and config.json live (env COPILOT_GATEWAY_HOME)')
    .option('--proxy-env', 'use HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the environment')
    .option('-v, --verbose', 'debug logging, and stack traces on errors')
    .option('--log-file <path>', 'also append log lines to this file')
    .addOption(
      new Option(
        '--log-format <format>',
        'text lines, or json: one JSON object per line for collectors',
      ).choices(LOG_FORMATS),
    );
}
