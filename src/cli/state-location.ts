// Where the CLI's state commands (accounts, keys, usage, admin, debug) find the state store: the
// data dir's gateway.db, or PostgreSQL from --database-url > env COPILOT_GATEWAY_DATABASE_URL >
// config.json databaseUrl, so an operator manages a whole cluster from one shell.
import type { Command } from 'commander';
import { pickDatabaseUrl } from '../config/load.js';
import { dataPaths, type Env, resolveDataDir } from '../config/paths.js';
import { parseConfigFile } from '../config/schema.js';
import { readConfigFile } from '../config/store.js';
import { openStateStore, type StateLocation, stateStoreExists } from '../store/open-state-store.js';
import type { StateStore } from '../store/state-store.js';

export interface StateFlags {
  dataDir?: string;
  databaseUrl?: string;
}

export const DATABASE_URL_OPTION = [
  '--database-url <url>',
  'PostgreSQL state store shared by several instances, postgres://… (env COPILOT_GATEWAY_DATABASE_URL; default: gateway.db in the data dir)',
] as const;

export function addDatabaseOption(cmd: Command): Command {
  return cmd.option(...DATABASE_URL_OPTION);
}

export function stateLocation(flags: StateFlags, env: Env): StateLocation {
  const dataDir = resolveDataDir(flags.dataDir, env);
  let fromFile: string | undefined;
  if (!flags.databaseUrl && !env.COPILOT_GATEWAY_DATABASE_URL) {
    const paths = dataPaths(dataDir);
    fromFile = parseConfigFile(readConfigFile(paths), paths.configFile).databaseUrl;
  }
  return { dataDir, databaseUrl: pickDatabaseUrl(flags.databaseUrl, env, fromFile) };
}

/** Opens the store, runs `fn`, closes it. */
export async function withStateStore<T>(
  where: StateLocation,
  fn: (store: StateStore) => Promise<T>,
): Promise<T> {
  const store = await openStateStore(where);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Like withStateStore, but undefined (nothing opened, nothing created) when no store exists yet. */
export async function withExistingStateStore<T>(
  where: StateLocation,
  fn: (store: StateStore) => Promise<T>,
): Promise<T | undefined> {
  if (!stateStoreExists(where)) return undefined;
  return withStateStore(where, fn);
}
