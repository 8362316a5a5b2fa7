// The command-line interface (a public contract: names and flags are documented in the README).
// Each subcommand lives in its own file; this one only wires commander to them and turns
// failures into one readable line and a non-zero exit code.
import { Command, Option } from 'commander';
import type { SettingsFlags } from '../config/load.js';
import type { Env } from '../config/paths.js';
import { runAuth } from './auth.js';
import { packageVersion, runDebug } from './debug.js';
import { runEmulator } from './emulator.js';
import type { CliIO } from './io.js';
import { reportError } from './report-error.js';
import type { ClaudeCodeLaunchFlags } from './setup/claude-code-launch.js';
import type { SetupFlags } from './setup/index.js';
import { runUsage } from './usage.js';

export interface ProgramDeps {
  io: CliIO;
  env: Env;
  /** Called with the exit code when a command finishes (the real CLI exits the process). */
  exit: (code: number) => void;
  /** Whether long-running commands install SIGINT/SIGTERM handlers. */
  handleSignals: boolean;
}

function addGitHubOptions(cmd: Command): Command {
  return cmd
    .option('--github-url <url>', 'GitHub URL: https://github.com, a ghe.com tenant or a GHES host')
    .option('--github-api-url <url>', 'GitHub API URL (default: derived from --github-url)')
    .option('--data-dir <dir>', 'where the token and config.json live (env COPILOT_GATEWAY_HOME)')
    .option('--proxy-env', 'use HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the environment')
    .option('-v, --verbose', 'debug logging, and stack traces on errors')
    .option('--log-file <path>', 'also append log lines to this file');
}

export function buildProgram(deps: ProgramDeps): Command {
  const { io, env } = deps;
  const program = new Command();
  program
    .name('copilot-gateway')
    .description('Serve OpenAI-, Anthropic- and Gemini-compatible APIs from a GitHub Copilot subscription')
    .version(packageVersion(), '-V, --version')
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    })
    .showHelpAfterError();

  const run = async (
    verbose: boolean | undefined,
    showToken: boolean | undefined,
    body: () => Promise<number | undefined>,
  ) => {
    try {
      const code = await body();
      if (code !== undefined) deps.exit(code);
    } catch (err) {
      deps.exit(reportError(err, io, { verbose, showToken }));
    }
  };

  addGitHubOptions(
    program
      .command('start')
      .description('start the gateway')
      .option('-p, --port <n>', 'port to listen on (env PORT; default 4141)')
      .option('--host <addr>', 'address to listen on (env HOST; default 127.0.0.1)')
      .option(
        '-g, --github-token <token>',
        'GitHub token (env GH_TOKEN; else the stored token; else sign in)',
      )
      .addOption(
        new Option('-a, --account-type <type>', 'Copilot plan, for the fallback API URL').choices([
          'individual',
          'business',
          'enterprise',
        ]),
      )
      .option('--copilot-api-url <url>', "Copilot API URL (default: the Copilot token's endpoints.api)")
      .option('--show-token', 'print tokens and do not redact them in logs')
      .option('-c, --claude-code', 'print (and copy) a command that launches Claude Code through the gateway')
      .option('--model <id>', 'with --claude-code: the main model (else asked, or the first Claude model)')
      .option('--small-model <id>', 'with --claude-code: the small model')
      .option(
        '--shell <shell>',
        'with --claude-code: bash, zsh, fish, powershell or cmd (default: detected)',
      ),
  ).action((opts: SettingsFlags & ClaudeCodeLaunchFlags & { claudeCode?: boolean }) =>
    // Resolves once listening; the server then keeps the process alive until a signal.
    run(opts.verbose, opts.showToken, async () => {
      // Loaded lazily: auth, usage and debug must work without loading the whole gateway.
      const { runStart } = await import('./start.js');
      const handle = await runStart(opts, env, io, { handleSignals: deps.handleSignals });
      if (opts.claudeCode) {
        const { printClaudeCodeLaunch } = await import('./setup/claude-code-launch.js');
        await printClaudeCodeLaunch(handle.url, opts, env, io, { interactive: process.stdin.isTTY === true });
      }
      return undefined;
    }),
  );

  program
    .command('setup')
    .description("write a client's settings for this gateway: claude-code, codex, gemini-cli or opencode")
    .argument('<client>', 'claude-code | codex | gemini-cli | opencode')
    .option('--model <id>', 'main model (default: one the account has that suits the client)')
    .option('--small-model <id>', 'small/fast model (default: a mini/haiku/flash model)')
    .option('--key <key>', 'API key the client sends to the gateway')
    .option('--url <url>', 'gateway URL (default http://127.0.0.1:$PORT or 4141)')
    .option('--write', 'write the file(s), after showing a diff and keeping a backup')
    .action((client: string, opts: SetupFlags) =>
      run(false, false, async () => {
        const { runSetup } = await import('./setup/index.js');
        return runSetup(client, opts, env, io);
      }),
    );

  addGitHubOptions(
    program
      .command('auth')
      .description('sign in to GitHub with the device flow and store the token (mode 0600)')
      .option('--show-token', 'print the GitHub token after signing in'),
  ).action((opts: SettingsFlags) => run(opts.verbose, opts.showToken, () => runAuth(opts, env, io)));

  addGitHubOptions(
    program
      .command('usage')
      .description('show the Copilot plan, quotas and reset date')
      .option('-g, --github-token <token>', 'GitHub token (env GH_TOKEN; else the stored token)')
      .option('--json', 'print the raw reply as JSON'),
  ).action((opts: SettingsFlags & { json?: boolean }) =>
    run(opts.verbose, false, () => runUsage(opts, env, io)),
  );

  program
    .command('debug')
    .description('show version, runtime, paths and whether a token is stored (never the token)')
    .option('--data-dir <dir>', 'where the token and config.json live (env COPILOT_GATEWAY_HOME)')
    .option('--json', 'print as JSON')
    .action((opts: { dataDir?: string; json?: boolean }) =>
      run(false, false, async () => runDebug(opts, env, io)),
    );

  program
    .command('emulator')
    .description('run the GitHub + Copilot emulator (GitHub on --port, Copilot on --port + 1)')
    .option('--port <n>', 'GitHub emulator port (default 4242)')
    .action((opts: { port?: string }) =>
      run(false, false, async () => {
        const emulator = await runEmulator(opts, io);
        if (deps.handleSignals) {
          const stop = () => {
            emulator.close().then(
              () => deps.exit(0),
              () => deps.exit(1),
            );
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        }
        return undefined;
      }),
    );

  return program;
}
