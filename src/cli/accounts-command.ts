// Registers `accounts` and its subcommands with commander (the logic is in ./accounts.ts).
import type { Command } from 'commander';
import {
  type AccountsFlags,
  runAccountsAdd,
  runAccountsEnable,
  runAccountsList,
  runAccountsRemove,
  runAccountsSet,
} from './accounts.js';
import { addGitHubOptions, type ProgramDeps, type RunCommand } from './program-parts.js';
import { DATABASE_URL_OPTION } from './state-location.js';

const DATA_DIR = ['--data-dir <dir>', 'where the account store lives (env COPILOT_GATEWAY_HOME)'] as const;

export function registerAccounts(program: Command, deps: ProgramDeps, run: RunCommand): void {
  const { io, env } = deps;
  // Commander hands subcommand options to the action; parent options are not needed here.
  const accounts = program
    .command('accounts')
    .description('manage the GitHub accounts the gateway serves from (changes apply to a running gateway)');

  addGitHubOptions(
    accounts
      .command('add')
      .description('add an account (device flow unless --github-token is given); prints its id and login')
      .option(
        '-g, --github-token <token>',
        'a GitHub OAuth token, fine-grained PAT or App installation token',
      )
      .option(
        '--github-token-file <path>',
        'read the token from a file, or from stdin with `-` (unlike -g, it never shows in `ps`)',
      )
      .option('--label <label>', 'a name for the account (default: its login)')
      .option('--priority <n>', 'lower is used first (default 0)')
      .option('--proxy <url>', "outbound proxy for this account's Copilot traffic")
      .option('--json', 'print the result as JSON')
      .option(...DATABASE_URL_OPTION),
  ).action((opts: AccountsFlags) => run(opts.verbose, false, () => runAccountsAdd(opts, env, io)));

  accounts
    .command('list')
    .description('list accounts with their state (active, cooling down until T, failing, disabled)')
    .option(...DATA_DIR)
    .option(...DATABASE_URL_OPTION)
    .option('--json', 'print as JSON')
    .action((opts: AccountsFlags) => run(false, false, () => runAccountsList(opts, env, io)));

  accounts
    .command('remove <id|label>')
    .description('remove an account and its stored token')
    .option(...DATA_DIR)
    .option(...DATABASE_URL_OPTION)
    .action((id: string, opts: AccountsFlags) =>
      run(false, false, () => runAccountsRemove(id, opts, env, io)),
    );

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    accounts
      .command(`${name} <id|label>`)
      .description(`${name} an account${enabled ? ' (also lifts a recorded cooldown)' : ''}`)
      .option(...DATA_DIR)
      .option(...DATABASE_URL_OPTION)
      .action((id: string, opts: AccountsFlags) =>
        run(false, false, () => runAccountsEnable(id, enabled, opts, env, io)),
      );
  }

  accounts
    .command('set <id|label>')
    .description("change an account's priority, label or proxy")
    .option('--priority <n>', 'lower is used first')
    .option('--label <label>', 'a new name')
    .option('--proxy <url>', 'outbound proxy URL')
    .option(...DATA_DIR)
    .option(...DATABASE_URL_OPTION)
    .action((id: string, opts: AccountsFlags) => run(false, false, () => runAccountsSet(id, opts, env, io)));
}
