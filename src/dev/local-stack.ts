// An emulator and a gateway wired together on loopback: what integration tests, agent tests and
// benchmarks run against. Nothing here reaches GitHub.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from '../config/load.js';
import type { Settings } from '../config/settings.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/index.js';
import type { ManualApprover } from '../gateway/middleware/manual-approval.js';
import { type GatewayDeps, type RunningGateway, startGateway } from '../gateway/start.js';
import { addAccount } from '../github/sign-in/add-account.js';
import { openStateStore } from '../store/open-state-store.js';
import type { StateStore } from '../store/state-store.js';
import { testDatabaseFor } from '../test-support/test-store-mode.js';
import { createGitHubClient } from '../upstream/github-client.js';
import { createLogger, type Logger, silentLogger } from '../util/log.js';

export interface LocalStackOptions {
  emulator?: EmulatorOptions;
  /** Settings overrides applied after defaults. */
  settings?: Partial<Settings>;
  log?: Logger;
  /** Log lines to stderr (debugging a test). */
  verbose?: boolean;
  /** Asks before each inference request (as --manual does at the terminal). */
  approve?: ManualApprover;
  /**
   * GitHub tokens of the accounts to add to the pool, in priority order (default: the first
   * emulator token). Each is signed in against the emulator like `accounts add` does.
   */
  accounts?: { token: string; label?: string; priority?: number }[];
  /** Reuse this data dir (e.g. to restart over the same store); not removed on close. */
  dataDir?: string;
  /** Pipeline hooks and other composition-root options (tests of later concerns). */
  deps?: Pick<GatewayDeps, 'hooks' | 'accessLog'>;
}

export interface LocalStack {
  emulator: Emulator;
  gateway: RunningGateway;
  /** The gateway's base URL (no trailing slash, no /v1). */
  url: string;
  settings: Settings;
  /** The gateway's state (accounts; API keys: `store.keys.create(...)`), in the stack's data dir. */
  store: StateStore;
  dataDir: string;
  close(): Promise<void>;
}

export const EMULATOR_GITHUB_TOKEN = 'ghu_emulator_token';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const emulator = await startEmulator(options.emulator);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cgw-stack-'));
  // COPILOT_GATEWAY_TEST_STORE=postgres: the same stack on a PostgreSQL schema of its own.
  const testDb = await testDatabaseFor(dataDir);
  const githubToken = options.emulator?.githubTokens?.[0] ?? EMULATOR_GITHUB_TOKEN;
  const { githubToken: _token, ...base } = resolveSettings({
    flags: { port: 0, githubUrl: emulator.githubUrl, githubToken },
    env: {},
    file: {},
    dataDir,
  });
  const settings: Settings = {
    ...base,
    retry: { ...base.retry, baseDelayMs: 5 },
    heartbeatMs: 0,
    // Tests close the stack at once; a test of graceful shutdown sets its own grace period.
    shutdownGraceMs: 0,
    databaseUrl: testDb?.url,
    ...options.settings,
  };
  const log = options.log ?? (options.verbose ? createLogger({ level: 'debug' }) : silentLogger());
  // The same composition root as `start`: one GitHub client (and dispatcher) for everything.
  const github = createGitHubClient(settings, log);
  const store = await openStateStore(settings);
  for (const [i, a] of (options.accounts ?? [{ token: githubToken }]).entries())
    await addAccount(github.api, store.accounts, {
      token: a.token,
      githubUrl: settings.githubUrl,
      label: a.label,
      priority: a.priority ?? i,
    });
  const gateway = await startGateway(settings, {
    log,
    github,
    store,
    approve: options.approve,
    ...options.deps,
  });
  return {
    emulator,
    gateway,
    url: gateway.url,
    settings,
    store,
    dataDir,
    async close() {
      await gateway.close();
      await store.close();
      await github.close();
      await emulator.close();
      if (!options.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        await testDb?.drop();
      }
    },
  };
}
