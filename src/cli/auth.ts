// `copilot-gateway auth`: sign in with the device flow and store the GitHub token.
import { loadSettings, type SettingsFlags } from '../config/load.js';
import type { Env } from '../config/paths.js';
import { createLogger } from '../util/log.js';
import { deviceLogin } from './device-login.js';
import { createGitHubClient } from './github-client.js';
import type { CliIO } from './io.js';

export async function runAuth(flags: SettingsFlags, env: Env, io: CliIO): Promise<number> {
  // A token from the flag or GH_TOKEN is irrelevant here: auth always signs in anew.
  const settings = loadSettings({ ...flags, githubToken: undefined }, { ...env, GH_TOKEN: undefined });
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
    const { token, file } = await deviceLogin({ api: client.api, dataDir: settings.dataDir, io });
    const user = await client.api.getUser(token);
    io.out(`Signed in to GitHub as ${user.login}.`);
    io.out(`Token stored in ${file} (mode 0600).`);
    if (settings.showToken) io.out(`GitHub token: ${token}`);
    return 0;
  } finally {
    await client.close();
  }
}
