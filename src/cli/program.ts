// The command-line interface (a public contract: names and flags are documented in the README).
// Each subcommand lives in its own file; this one only wires commander to them and turns
// failures into one readable line and a non-zero exit code.

import { Command, Option } from 'commander';
import type { SettingsFlags } from '../config/load.js';
import { registerAccounts } from './accounts-command.js';
import { addGitHubOptions, type ProgramDeps, type RunCommand } from './program-parts.js';
import { DATABASE_URL_OPTION } from './state-location.js';

export type { ProgramDeps, RunCommand };

import { runAdminSetPassword } from './admin.js';
import { runAuth } from './auth.js';
import { packageVersion, runDebug } from './debug.js';
import { runEmulator } from './emulator.js';
import { hintingIO } from './invocation.js';
import { type KeysCreateFlags, runKeysCreate, runKeysList, runKeysRevoke } from './keys.js';
import { reportError } from './report-error.js';
import type { ClaudeCodeLaunchFlags } from './setup/claude-code-launch.js';
import type { SetupFlags } from './setup/index.js';
import { runUsage } from './usage.js';
import { runUsageLog, runUsageSummary, type UsageLogFlags, type UsageSummaryFlags } from './usage-log.js';

export function buildProgram(deps: ProgramDeps): Command {
  const { env } = deps;
  const program = new Command();
  const io = deps.command
    ? hintingIO(deps.io, deps.command, () => program.commands.map((c) => c.name()))
    : deps.io;
  program
    .name('copilot-gateway')
    .description('Serve OpenAI-, Anthropic- and Gemini-compatible APIs from a GitHub Copilot subscription')
    .version(packageVersion(), '-V, --version')
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    })
    .showHelpAfterError();

  const run: RunCommand = async (
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
      .option(
        '--github-token-file <path>',
        'read the GitHub token from a file, or from stdin with "-" (safer than --github-token)',
      )
      .option('--show-token', 'print tokens, serve GET /token to admins, and do not redact tokens in logs')
      .option('--no-auth', 'serve network clients although no API key exists (unsafe; warned on every start)')
      .option('--rate-limit <seconds>', 'minimum interval between requests to Copilot')
      .option('--wait', 'with --rate-limit: queue early requests instead of answering 429')
      .option('--manual', 'approve each request at the terminal (y/n)')
      .option(
        '--redis-url <url>',
        'Redis every instance shares for rate limits, concurrency, budgets and cooldowns (env COPILOT_GATEWAY_REDIS_URL)',
      )
      .option(...DATABASE_URL_OPTION)
      .option('-c, --claude-code', 'print (and copy) a command that launches Claude Code through the gateway')
      .option('--model <id>', 'with --claude-code: the main model (else asked, or the first Claude model)')
      .option('--small-model <id>', 'with --claude-code: the small model')
      .option(
        '--shell <shell>',
        'with --claude-code: bash, zsh, fish, powershell or cmd (default: detected)',
      ),
  ).action((raw: SettingsFlags & ClaudeCodeLaunchFlags & { auth?: boolean; claudeCode?: boolean }) => {
    // commander turns --no-auth into auth: false.
    const opts = { ...raw, noAuth: raw.auth === false ? true : undefined };
    // Resolves once listening; the server then keeps the process alive until a signal.
    return run(opts.verbose, opts.showToken, async () => {
      // Loaded lazily: auth, usage and debug must work without loading the whole gateway.
      const { runStart } = await import('./start.js');
      const handle = await runStart(opts, env, io, {
        handleSignals: deps.handleSignals,
        tuneProcess: deps.handleSignals,
      });
      if (opts.claudeCode) {
        const { printClaudeCodeLaunch } = await import('./setup/claude-code-launch.js');
        await printClaudeCodeLaunch(handle.url, opts, env, io, { interactive: process.stdin.isTTY === true });
      }
      return undefined;
    });
  });

  const dataDirOption = [
    '--data-dir <dir>',
    'where the token and config.json live (env COPILOT_GATEWAY_HOME)',
  ] as const;
  const keys = program.command('keys').description('manage the API keys clients use to call the gateway');
  keys
    .command('create')
    .description('create an API key and print it (the only time it is shown)')
    .requiredOption('--name <name>', 'a name to recognise the key by')
    .option('--models <globs>', 'comma-separated Copilot model globs the key may use (default: all)')
    .option('--scopes <list>', 'comma-separated: inference, admin:read, admin:write (default: inference)')
    .option('--rpm <n>', 'requests per minute')
    .option('--concurrent <n>', 'requests in flight at once')
    .option('--tpm <n>', 'tokens per minute')
    .option('--daily-credits <n>', 'credit budget per day (metered by the usage log)')
    .option('--monthly-credits <n>', 'credit budget per month (metered by the usage log)')
    .option('--expires <duration>', 'lifetime such as 30d, 12h, 1y, or a date (2027-01-31)')
    .option('--json', 'print {id, key, ...} as JSON')
    .option(...dataDirOption)
    .option(...DATABASE_URL_OPTION)
    .action((opts: KeysCreateFlags) => run(false, false, () => runKeysCreate(opts, env, io)));
  keys
    .command('list')
    .description('list the API keys (never the keys themselves)')
    .option('--json', 'print as JSON')
    .option(...dataDirOption)
    .option(...DATABASE_URL_OPTION)
    .action((opts: { dataDir?: string; databaseUrl?: string; json?: boolean }) =>
      run(false, false, () => runKeysList(opts, env, io)),
    );
  keys
    .command('revoke <id-or-name>')
    .description('revoke a key (a running gateway refuses it at once)')
    .option(...dataDirOption)
    .option(...DATABASE_URL_OPTION)
    .action((idOrName: string, opts: { dataDir?: string; databaseUrl?: string }) =>
      run(false, false, () => runKeysRevoke(idOrName, opts, env, io)),
    );

  program
    .command('admin')
    .description('admin UI and API sign-in')
    .command('set-password')
    .description('set the admin password (read from stdin; not echoed on a terminal)')
    .option(...dataDirOption)
    .option(...DATABASE_URL_OPTION)
    .action((opts: { dataDir?: string; databaseUrl?: string }) =>
      run(false, false, () => runAdminSetPassword(opts, env, io)),
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
      .option('--json', 'print the raw reply as JSON')
      .option(...DATABASE_URL_OPTION),
  ).action((opts: SettingsFlags & { json?: boolean }) =>
    run(opts.verbose, false, () => runUsage(opts, env, io)),
  );
  const usage = program.commands.find((c) => c.name() === 'usage') as Command;
  const dataDirHelp = 'where gateway.db and config.json live (env COPILOT_GATEWAY_HOME)';
  usage
    .command('log')
    .description('list recent requests from the usage log (newest first)')
    .option('--since <when>', 'a duration (30m, 24h, 7d) or a date (2026-10-01)', '24h')
    .option('--key <id>', 'only this API key id')
    .option('--model <id>', 'only this model (the resolved Copilot model)')
    .option('--limit <n>', 'at most this many rows (default 100)')
    .option('--data-dir <dir>', dataDirHelp)
    .option(...DATABASE_URL_OPTION)
    .option('--json', 'print rows as JSON')
    .action((_opts: UsageLogFlags, cmd: Command) =>
      // The parent `usage` shares --data-dir and --json: read the options from both levels.
      run(false, false, () => runUsageLog(cmd.optsWithGlobals<UsageLogFlags>(), env, io)),
    );
  usage
    .command('summary')
    .description('requests, tokens, AI Credits and errors per day, model, key or account')
    .option('--by <dimension>', 'group by day, model, key or account', 'day')
    .option('--since <when>', 'a duration (7d) or a date (2026-10-01); whole UTC days')
    .option('--data-dir <dir>', dataDirHelp)
    .option(...DATABASE_URL_OPTION)
    .option('--json', 'print groups as JSON')
    .action((_opts: UsageSummaryFlags, cmd: Command) =>
      run(false, false, () => runUsageSummary(cmd.optsWithGlobals<UsageSummaryFlags>(), env, io)),
    );

  registerAccounts(program, deps, run);

  program
    .command('debug')
    .description('show version, runtime, paths and whether a token is stored (never the token)')
    .option('--data-dir <dir>', 'where the token and config.json live (env COPILOT_GATEWAY_HOME)')
    .option(...DATABASE_URL_OPTION)
    .option('--json', 'print as JSON')
    .action((opts: { dataDir?: string; databaseUrl?: string; json?: boolean }) =>
      run(false, false, async () => runDebug(opts, env, io)),
    );

  program
    .command('emulator')
    .description('run the GitHub + Copilot emulator (GitHub on --port, Copilot on --port + 1)')
    .option('--port <n>', 'GitHub emulator port (default 4242)')
    .option(
      '--catalogue <year>',
      "the model catalogue: 2026 (today's ids, default) or 2025 (before the retirements)",
    )
    .action((opts: { port?: string; catalogue?: string }) =>
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
