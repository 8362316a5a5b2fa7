// Runs a repository test on both state-store backends: SQLite (a data dir) and PostgreSQL (a fresh
// schema of the test database; skipped with a message locally when there is none, a failure in CI).
// A "location" can be opened several times, like two processes (or instances) on one store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe } from 'vitest';
import { openPgStateStore } from '../store/postgres/state-store.js';
import type { ResponsesLimits } from '../store/responses/types.js';
import { openSqliteStateStore } from '../store/sqlite/state-store.js';
import type { StateStore } from '../store/state-store.js';
import { freshSchema, TEST_DATABASE_ENV, testDatabaseUrl } from './test-database.js';

export type Backend = 'sqlite' | 'postgres';

export interface StoreOptions {
  now?: () => number;
  responses?: Partial<ResponsesLimits>;
}

export interface StoreLocation {
  backend: Backend;
  /** SQLite: the data dir; PostgreSQL: a temp dir (nothing is written there). */
  dir: string;
  /** PostgreSQL: the schema-scoped URL. */
  databaseUrl?: string;
  /** Opens a store on this location (closed after the test). */
  open(options?: StoreOptions): Promise<StateStore>;
}

export interface BackendContext {
  backend: Backend;
  /** A new empty location, removed after the test. */
  location(): Promise<StoreLocation>;
  /** A store on a new location. */
  store(options?: StoreOptions): Promise<StateStore>;
}

export function backendContext(backend: Backend): BackendContext {
  const stores: StateStore[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const c of cleanups.splice(0)) await c();
  });
  const location = async (): Promise<StoreLocation> => {
    const dir = mkdtempSync(join(tmpdir(), `cgw-${backend}-`));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    if (backend === 'sqlite')
      return {
        backend,
        dir,
        async open(options = {}) {
          const s = openSqliteStateStore(dir, options);
          stores.push(s);
          return s;
        },
      };
    const schema = await freshSchema();
    cleanups.push(() => schema.drop());
    return {
      backend,
      dir,
      databaseUrl: schema.url,
      async open(options = {}) {
        const s = await openPgStateStore(schema.url, options);
        stores.push(s);
        return s;
      },
    };
  };
  return {
    backend,
    location,
    async store(options) {
      return (await location()).open(options);
    },
  };
}

/** `describe(name + ' (backend)')` once per backend, each with its BackendContext. */
export function describeEachBackend(name: string, fn: (b: BackendContext) => void): void {
  describe(`${name} (sqlite)`, () => fn(backendContext('sqlite')));
  if (testDatabaseUrl()) describe(`${name} (postgres)`, () => fn(backendContext('postgres')));
  else describe.skip(`${name} (postgres: set ${TEST_DATABASE_ENV})`, () => fn(backendContext('postgres')));
}
