// An emulator and a gateway wired together on loopback: what integration tests, agent tests and
// benchmarks run against. Nothing here reaches GitHub.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from '../config/load.js';
import type { Settings } from '../config/settings.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/index.js';
import { type GatewayDeps, type RunningGateway, startGateway } from '../gateway/start.js';
import { openResponseStore } from '../store/response-store.js';
import { createGitHubClient } from '../upstream/github-client.js';
import { createLogger, type Logger, silentLogger } from '../util/log.js';

export interface LocalStackOptions {
  emulator?: EmulatorOptions;
  /** Settings overrides applied after defaults. */
  settings?: Partial<Settings>;
  log?: Logger;
  /** Log lines to stderr (debugging a test). */
  verbose?: boolean;
  /** Pipeline hooks and other composition-root options (tests of later concerns). */
  deps?: Pick<GatewayDeps, 'hooks' | 'accessLog'>;
}

export interface LocalStack {
  emulator: Emulator;
  gateway: RunningGateway;
  /** The gateway's base URL (no trailing slash, no /v1). */
  url: string;
  settings: Settings;
  close(): Promise<void>;
}

export const EMULATOR_GITHUB_TOKEN = 'ghu_emulator_token';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const emulator = await startEmulator(options.emulator);
  const dataDir = mkdtempSync(join(tmpdir(), 'cgw-stack-'));
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
    ...options.settings,
  };
  const log = options.log ?? (options.verbose ? createLogger({ level: 'debug' }) : silentLogger());
  // The same composition root as `start`: one GitHub client (and dispatcher) for everything.
  const github = createGitHubClient(settings, log);
  const responses = openResponseStore(join(dataDir, 'gateway.db'), settings.responseStore);
  const gateway = await startGateway(settings, { log, github, githubToken, responses, ...options.deps });
  return {
    emulator,
    gateway,
    url: gateway.url,
    settings,
    async close() {
      await gateway.close();
      await github.close();
      responses.close();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
