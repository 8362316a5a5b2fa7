// COPILOT_GATEWAY_TEST_STORE=postgres: the whole suite once against the PostgreSQL backend. The
// local stack (and the tests that open a data dir's store beside it) then keep their state in a
// schema of its own in the test database, named in the data dir's config.json (`databaseUrl`),
// so the CLI commands and `start` run on that data dir find the same store, as an operator's would.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataPaths } from '../config/paths.js';
import { writeConfigFile } from '../config/store.js';
import { openStateStore } from '../store/open-state-store.js';
import type { StateStore } from '../store/state-store.js';
import { freshSchema } from './pg-schema.js';

export const TEST_STORE_ENV = 'COPILOT_GATEWAY_TEST_STORE';

export function testStoreIsPostgres(): boolean {
  return process.env[TEST_STORE_ENV] === 'postgres';
}

function configOf(dataDir: string): Record<string, unknown> {
  const file = join(dataDir, 'config.json');
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * In PostgreSQL mode, the data dir's database URL (a fresh schema the first time, written into its
 * config.json) and a function that drops the schema; otherwise undefined (SQLite in the data dir).
 */
export async function testDatabaseFor(
  dataDir: string,
): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  if (!testStoreIsPostgres()) return undefined;
  const config = configOf(dataDir);
  if (typeof config.databaseUrl === 'string') return { url: config.databaseUrl, drop: async () => {} };
  const schema = await freshSchema();
  writeConfigFile(dataPaths(dataDir), { ...config, databaseUrl: schema.url });
  return schema;
}

/** The store of a data dir as the gateway on it sees it (SQLite, or PostgreSQL in that mode). */
export async function openDataDirStore(dataDir: string): Promise<StateStore> {
  const db = await testDatabaseFor(dataDir);
  return openStateStore({ dataDir, databaseUrl: db?.url });
}
