// Several gateway instances on one PostgreSQL database (a fresh schema) over one emulator, in this
// process: each instance has its own composition root, store (pool + change feed), account pool
// and HTTP server, as separate replicas would. See /work/notes/cluster-harness.md for the API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from '../../src/config/load.js';
import type { Settings } from '../../src/config/settings.js';
import { EMULATOR_GITHUB_TOKEN } from '../../src/dev/local-stack.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/index.js';
import { type GatewayDeps, type RunningGateway, startGateway } from '../../src/gateway/start.js';
import { addAccount } from '../../src/github/sign-in/add-account.js';
import { openStateStore } from '../../src/store/open-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { freshSchema, type TestSchema, testDatabaseUrl } from '../../src/test-support/test-database.js';
import { createGitHubClient } from '../../src/upstream/github-client.js';
import { createLogger, type Logger, silentLogger } from '../../src/util/log.js';

export interface ClusterOptions {
  /** Gateway instances, all started at once (default 2). */
  instances?: number;
  /** The ONE emulator all instances talk to. */
  emulator?: EmulatorOptions;
  /** Accounts added once (through instance 0's store) before the instances start. */
  accounts?: { token: string; label?: string; priority?: number }[];
  /** Settings overrides, for every instance or per instance index. */
  settings?: Partial<Settings> | ((index: number) => Partial<Settings>);
  /** Composition-root options per instance (hooks, access log). */
  deps?: (index: number) => Pick<GatewayDeps, 'hooks' | 'accessLog'>;
  /** Log lines of every instance to stderr, prefixed with its index. */
  verbose?: boolean;
  /** Use this database URL (schema-scoped) instead of a fresh schema; not dropped on close. */
  databaseUrl?: string;
}

export interface ClusterInstance {
  index: number;
  url: string;
  gateway: RunningGateway;
  store: StateStore;
  settings: Settings;
  /** Stops this instance (drains, closes its store); idempotent. */
  stop(): Promise<void>;
}

export interface Cluster {
  emulator: Emulator;
  instances: ClusterInstance[];
  /** The schema-scoped URL every instance uses. */
  databaseUrl: string;
  /** Starts one more instance on the same database (e.g. after one was stopped). */
  addInstance(): Promise<ClusterInstance>;
  close(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const base = testDatabaseUrl();
  if (!options.databaseUrl && !base)
    throw new Error('startCluster needs a test database (describeWithPostgres)');
  const schema: TestSchema | undefined = options.databaseUrl ? undefined : await freshSchema(base);
  const databaseUrl = options.databaseUrl ?? (schema as TestSchema).url;
  const emulator = await startEmulator(options.emulator);
  const githubToken = options.emulator?.githubTokens?.[0] ?? EMULATOR_GITHUB_TOKEN;
  const dirs: string[] = [];
  const instances: ClusterInstance[] = [];

  const settingsFor = (index: number): Settings => {
    const dataDir = mkdtempSync(join(tmpdir(), `cgw-cluster-${index}-`));
    dirs.push(dataDir);
    const { githubToken: _t, ...resolved } = resolveSettings({
      flags: { port: 0, githubUrl: emulator.githubUrl, githubToken },
      env: {},
      file: {},
      dataDir,
    });
    const extra = typeof options.settings === 'function' ? options.settings(index) : options.settings;
    return {
      ...resolved,
      databaseUrl,
      retry: { ...resolved.retry, baseDelayMs: 5 },
      heartbeatMs: 0,
      shutdownGraceMs: 0,
      ...extra,
    };
  };
  const logFor = (index: number): Logger =>
    options.verbose
      ? createLogger({ level: 'debug', sink: (l) => process.stderr.write(`[${index}] ${l}\n`) })
      : silentLogger();

  const start = async (index: number): Promise<ClusterInstance> => {
    const settings = settingsFor(index);
    const log = logFor(index);
    const github = createGitHubClient(settings, log);
    const store = await openStateStore(settings, { warn: (m) => log.warn(m) });
    let gateway: RunningGateway;
    try {
      gateway = await startGateway(settings, { log, github, store, ...options.deps?.(index) });
    } catch (err) {
      await store.close();
      await github.close();
      throw err;
    }
    let stopped: Promise<void> | undefined;
    return {
      index,
      url: gateway.url,
      gateway,
      store,
      settings,
      stop() {
        stopped ??= (async () => {
          await gateway.close();
          await store.close();
          await github.close();
        })();
        return stopped;
      },
    };
  };

  try {
    // The accounts first (one store, like `accounts add` from an operator's shell).
    const seedSettings = settingsFor(-1);
    const seedGithub = createGitHubClient(seedSettings, silentLogger());
    const seed = await openStateStore(seedSettings);
    try {
      for (const [i, a] of (options.accounts ?? [{ token: githubToken }]).entries())
        await addAccount(seedGithub.api, seed.accounts, {
          token: a.token,
          githubUrl: seedSettings.githubUrl,
          label: a.label,
          priority: a.priority ?? i,
        });
    } finally {
      await seed.close();
      await seedGithub.close();
    }
    const n = options.instances ?? 2;
    instances.push(...(await Promise.all(Array.from({ length: n }, (_, i) => start(i)))));
  } catch (err) {
    for (const i of instances) await i.stop().catch(() => {});
    await emulator.close();
    await schema?.drop();
    throw err;
  }

  return {
    emulator,
    instances,
    databaseUrl,
    async addInstance() {
      const i = await start(instances.length);
      instances.push(i);
      return i;
    },
    async close() {
      for (const i of instances) await i.stop();
      await emulator.close();
      await schema?.drop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
