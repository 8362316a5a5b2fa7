// Gateway instances that know the same accounts and keys (one SQLite data dir copied per instance,
// so the ids match) but share NO state through their stores: whatever they agree on afterwards
// (limits, cooldowns) went through Redis. One emulator serves them all.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from '../../src/config/load.js';
import type { Settings } from '../../src/config/settings.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/index.js';
import { type RunningGateway, startGateway } from '../../src/gateway/start.js';
import { addAccount } from '../../src/github/sign-in/add-account.js';
import type { KeyLimits } from '../../src/store/keys.js';
import { openSqliteStateStore } from '../../src/store/sqlite/state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { createGitHubClient } from '../../src/upstream/github-client.js';
import { memoryLogger } from '../../src/util/log.js';

export interface Twin {
  url: string;
  gateway: RunningGateway;
  store: StateStore;
  log: ReturnType<typeof memoryLogger>;
  close(): Promise<void>;
}

export interface Twins {
  emulator: Emulator;
  /** The secret of the key created before the copies (same key on every instance). */
  keySecret: string;
  instances: Twin[];
  /** Another instance from the same copy (e.g. one that starts later). */
  add(settings?: Partial<Settings>): Promise<Twin>;
  close(): Promise<void>;
}

export async function startTwins(o: {
  emulator: EmulatorOptions;
  accounts: { token: string; label?: string }[];
  keyLimits?: KeyLimits;
  instances?: number;
  settings: Partial<Settings>;
}): Promise<Twins> {
  const emulator = await startEmulator(o.emulator);
  const dirs: string[] = [];
  const base = (dataDir: string): Settings => {
    const { githubToken: _t, ...s } = resolveSettings({
      flags: { port: 0, githubUrl: emulator.githubUrl },
      env: {},
      file: {},
      dataDir,
    });
    return {
      ...s,
      retry: { ...s.retry, baseDelayMs: 5, maxRetryAfterSec: 1 },
      heartbeatMs: 0,
      shutdownGraceMs: 0,
    };
  };
  const seedDir = mkdtempSync(join(tmpdir(), 'cgw-twins-'));
  dirs.push(seedDir);
  const seedLog = memoryLogger('warn');
  const github = createGitHubClient(base(seedDir), seedLog);
  const seed = openSqliteStateStore(seedDir, { responses: base(seedDir).responseStore });
  for (const [i, a] of o.accounts.entries())
    await addAccount(github.api, seed.accounts, {
      token: a.token,
      githubUrl: emulator.githubUrl,
      label: a.label,
      priority: i,
    });
  const { secret } = await seed.keys.create({ name: 'team', limits: o.keyLimits });
  await seed.close();

  const instances: Twin[] = [];
  const add = async (extra: Partial<Settings> = {}): Promise<Twin> => {
    const dir = mkdtempSync(join(tmpdir(), 'cgw-twin-'));
    dirs.push(dir);
    cpSync(seedDir, dir, { recursive: true });
    const settings = { ...base(dir), ...o.settings, ...extra };
    const log = memoryLogger('info');
    const store = openSqliteStateStore(dir, { responses: settings.responseStore });
    const gateway = await startGateway(settings, {
      log,
      github,
      store,
      accessLog: false,
      limits: { probeMs: 50 },
    });
    let closed = false;
    const twin: Twin = {
      url: gateway.url,
      gateway,
      store,
      log,
      async close() {
        if (closed) return;
        closed = true;
        await gateway.close();
        await store.close();
      },
    };
    instances.push(twin);
    return twin;
  };
  for (let i = 0; i < (o.instances ?? 2); i++) await add();
  return {
    emulator,
    keySecret: secret,
    instances,
    add,
    async close() {
      for (const t of instances) await t.close();
      await github.close();
      await emulator.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
