// `copilot-gateway start`: sign in (flag/env > stored > device flow), check Copilot access,
// start the gateway, print the banner, and shut down cleanly on SIGINT/SIGTERM.
import { loadSettings, type SettingsFlags } from '../config/load.js';
import type { Env } from '../config/paths.js';
import { type ManualApprover, terminalApprover } from '../gateway/middleware/manual-approval.js';
import { startGateway } from '../gateway/start.js';
import { describeStateLocation, openStateStore } from '../store/open-state-store.js';
import { createLogger } from '../util/log.js';
import { startAccounts } from './accounts-bootstrap.js';
import { renderBanner } from './banner.js';
import { checkExposure } from './exposure.js';
import { createGitHubClient } from './github-client.js';
import { applyHeapGrowth } from './heap.js';
import type { CliIO } from './io.js';
import { readTokenInput } from './token-input.js';

export interface StartHandle {
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Install SIGINT/SIGTERM handlers that close and exit (the CLI does; tests do not). */
  handleSignals?: boolean;
  /** Asks before each inference request with --manual (default: y/n on the terminal). */
  approve?: ManualApprover;
  /** Apply the process-wide settings (V8 heap growth): the CLI does; tests in a shared process do not. */
  tuneProcess?: boolean;
  /** Where `--github-token-file -` reads from (default stdin). */
  stdin?: NodeJS.ReadableStream;
}

export async function runStart(
  flags: SettingsFlags,
  env: Env,
  io: CliIO,
  options: StartOptions = {},
): Promise<StartHandle> {
  const fromFile =
    flags.githubTokenFile && !flags.githubToken
      ? await readTokenInput(flags.githubTokenFile, options.stdin)
      : undefined;
  // The GitHub token leaves the settings here: the gateway's context never carries it.
  const input = fromFile ? { ...flags, githubToken: fromFile } : flags;
  const { githubToken: storedToken, ...settings } = loadSettings(input, env);
  if (options.tuneProcess) applyHeapGrowth(settings.heapGrowthPercent);
  const log = createLogger({
    level: settings.verbose ? 'debug' : 'info',
    file: settings.logFile,
    format: settings.logFormat,
    // Through the CLI's io, so hints in log lines name the command the user ran, too.
    sink: (line) => io.err(line),
    // The gateway's lines (one access line per request) leave in one write per 20 ms at most.
    batch: true,
    batchMs: 20,
    showTokens: settings.showToken,
  });
  // Accounts, affinity, stored Responses answers (Copilot keeps none), API keys and the admin
  // password live in one database; the exposure check comes first so an unsafe start fails fast.
  const store = await openStateStore(settings, { warn: (m) => log.warn(m) });
  if (store.backend === 'postgres')
    log.info(`state store: ${describeStateLocation(settings)}, shared with every instance that uses it`);
  try {
    checkExposure(settings, store.keys.index.hasKeys(), log);
  } catch (err) {
    await store.close();
    throw err;
  }
  const github = createGitHubClient(settings, log);
  let closeGitHub: (() => Promise<void>) | undefined = () => github.close();
  try {
    const accounts = await startAccounts({
      settings,
      explicitToken: (input.githubToken || env.GH_TOKEN)?.trim() || undefined,
      storedToken,
      store,
      api: github.api,
      io,
      log,
    });
    io.err(
      `Signed in to GitHub as ${accounts.first.login}${accounts.count > 1 ? ` (+${accounts.count - 1} more account${accounts.count > 2 ? 's' : ''})` : ''}.`,
    );
    const gateway = await startGateway(settings, {
      log,
      github,
      store,
      onlyAccounts: accounts.only,
      approve: settings.manual
        ? (options.approve ?? terminalApprover(process.stdin, process.stderr))
        : undefined,
    });
    // Fail here, with GitHub's own explanation (not entitled, revoked...), rather than on the first
    // request; with several accounts the others still serve, so only warn.
    const first = await gateway.ctx.tokens.get().catch(async (err) => {
      if (accounts.count > 1) {
        io.err(
          `Account ${accounts.first.label} cannot get a Copilot token (${(err as Error).message}); the others serve.`,
        );
        return undefined;
      }
      await gateway.close();
      throw err;
    });
    if (settings.showToken && first) io.err(`Copilot token: ${first.token}`);
    io.out(renderBanner({ url: gateway.url, login: accounts.first.login, models: gateway.models }));

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        await gateway.close();
        await store.close();
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
    await store.close();
    await closeGitHub?.();
    throw err;
  }
}
