// `copilot-gateway usage`: the plan and quotas of the signed-in account.

import { ConfigError } from '../config/errors.js';
import { loadSettings, type SettingsFlags } from '../config/load.js';
import type { Env } from '../config/paths.js';
import { createLogger } from '../util/log.js';
import { runAccountsUsage } from './accounts-usage.js';
import { formatUsage } from './format-usage.js';
import { createGitHubClient } from './github-client.js';
import type { CliIO } from './io.js';
import { monthCreditsLine } from './usage-log.js';

export async function runUsage(
  flags: SettingsFlags & { json?: boolean },
  env: Env,
  io: CliIO,
): Promise<number> {
  const settings = loadSettings(flags, env);
  const explicit = (flags.githubToken || env.GH_TOKEN)?.trim();
  if (!explicit) {
    // Every account of the account store, when the data dir has one.
    const log = createLogger({ level: settings.verbose ? 'debug' : 'warn', file: settings.logFile });
    const code = await runAccountsUsage(settings, log, io, flags.json === true);
    if (code !== undefined) return code;
  }
  if (!settings.githubToken) {
    throw new ConfigError(
      'Not signed in: run `copilot-gateway auth` first, or pass --github-token / set GH_TOKEN.',
    );
  }
  const log = createLogger({
    level: settings.verbose ? 'debug' : 'warn',
    file: settings.logFile,
    format: settings.logFormat,
    // Through the CLI's io, so hints in log lines name the command the user ran, too.
    sink: (line) => io.err(line),
    showTokens: settings.showToken,
  });
  const client = createGitHubClient(settings, log);
  try {
    const usage = await client.api.getCopilotUsage(settings.githubToken);
    if (flags.json) {
      io.out(JSON.stringify(usage, null, 2));
      return 0;
    }
    io.out(formatUsage(usage));
    const month = await monthCreditsLine(flags, env);
    if (month) io.out(`\n${month}`);
    return 0;
  } finally {
    await client.close();
  }
}
