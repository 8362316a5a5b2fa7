// `copilot-gateway start`: sign in (flag/env > stored > device flow), check Copilot access,
// start the gateway, print the banner, and shut down cleanly on SIGINT/SIGTERM.
import { join } from 'node:path';
import { loadSettings, type SettingsFlags } from '../config/load.js';
import type { Env } from '../config/paths.js';
import { startGateway } from '../gateway/start.js';
import { createCopilotTokenSource } from '../github/copilot-token-source.js';
import { openResponseStore } from '../store/response-store.js';
import { createLogger } from '../util/log.js';
import { renderBanner } from './banner.js';
import { deviceLogin } from './device-login.js';
import { createGitHubClient } from './github-client.js';
import type { CliIO } from './io.js';

export interface StartHandle {
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Install SIGINT/SIGTERM handlers that close and exit (the CLI does; tests do not). */
  handleSignals?: boolean;
}

export async function runStart(
  flags: SettingsFlags,
  env: Env,
  io: CliIO,
  options: StartOptions = {},
): Promise<StartHandle> {
  // The GitHub token leaves the settings here: the gateway's context never carries it.
  const { githubToken: configuredToken, ...settings } = loadSettings(flags, env);
  const log = createLogger({
    level: settings.verbose ? 'debug' : 'info',
    file: settings.logFile,
    showTokens: settings.showToken,
  });
  const github = createGitHubClient(settings, log);
  let closeGitHub: (() => Promise<void>) | undefined = () => github.close();
  try {
    let githubToken = configuredToken;
    if (!githubToken) {
      io.err('No GitHub token found (flag, GH_TOKEN or stored): signing in.');
      const login = await deviceLogin({ api: github.api, dataDir: settings.dataDir, io });
      io.err(`Token stored in ${login.file} (mode 0600).`);
      githubToken = login.token;
    }
    const user = await github.api.getUser(githubToken);
    io.err(`Signed in to GitHub as ${user.login}.`);
    if (settings.showToken) io.err(`GitHub token: ${githubToken}`);

    const tokens = createCopilotTokenSource({ api: github.api, githubToken, log });
    // Fail here, with GitHub's own explanation (not entitled, revoked...), rather than on the first request.
    const first = await tokens.get();
    if (settings.showToken) io.err(`Copilot token: ${first.token}`);

    // Our own store of Responses answers (Copilot keeps none), for previous_response_id.
    const responses = openResponseStore(join(settings.dataDir, 'gateway.db'), settings.responseStore);
    const gateway = await startGateway(settings, { log, github, tokens, githubToken, responses }).catch(
      (err) => {
        tokens.stop();
        responses.close();
        throw err;
      },
    );
    io.out(renderBanner({ url: gateway.url, login: user.login, models: gateway.models }));

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        tokens.stop();
        await gateway.close();
        responses.close();
        await closeGitHub?.();
        closeGitHub = undefined;
      })();
      return closing;
    };

    if (options.handleSignals) {
      const onSignal = (signal: NodeJS.Signals) => {
        if (closing) {
          io.err(`Received ${signal} again: exiting now.`);
          process.exit(130);
        }
        io.err(`Received ${signal}: shutting down…`);
        close().then(
          () => process.exit(0),
          (err) => {
            io.err(`copilot-gateway: error while shutting down: ${(err as Error).message}`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    return { url: gateway.url, close };
  } catch (err) {
    await closeGitHub?.();
    throw err;
  }
}
