// The one place a StateStore is opened: PostgreSQL when a database URL is set (--database-url,
// env COPILOT_GATEWAY_DATABASE_URL, config databaseUrl), else SQLite in the data dir (default).
// The PostgreSQL store (and `pg`) is loaded only when a database URL is set: a default start does
// not carry it (docs/hardening.md, "Memory of open streams").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../config/settings.js';
import { redactDatabaseUrl } from './postgres/url.js';
import { openSqliteStateStore, STATE_DB_FILE } from './sqlite/state-store.js';
import type { StateStore } from './state-store.js';

export type StateLocation = Pick<Settings, 'dataDir' | 'databaseUrl'> &
  Partial<Pick<Settings, 'responseStore'>>;

export interface OpenStateOptions {
  /** Where a PostgreSQL store reports trouble it survives (a lost change feed...). */
  warn?: (message: string) => void;
}

export async function openStateStore(
  where: StateLocation,
  options: OpenStateOptions = {},
): Promise<StateStore> {
  if (where.databaseUrl) {
    const { openPgStateStore } = await import('./postgres/state-store.js');
    return openPgStateStore(where.databaseUrl, { responses: where.responseStore, warn: options.warn });
  }
  return openSqliteStateStore(where.dataDir, { responses: where.responseStore });
}

/** Whether a store exists to read (the CLI's read-only commands never create one in SQLite). */
export function stateStoreExists(where: StateLocation): boolean {
  return where.databaseUrl !== undefined || existsSync(join(where.dataDir, STATE_DB_FILE));
}

/** Where the state lives, for messages (the URL without its password). */
export function describeStateLocation(where: StateLocation): string {
  return where.databaseUrl
    ? `PostgreSQL ${redactDatabaseUrl(where.databaseUrl)}`
    : join(where.dataDir, STATE_DB_FILE);
}
