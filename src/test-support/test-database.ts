// The PostgreSQL the tests use: COPILOT_GATEWAY_TEST_DATABASE_URL (scripts/test-postgres.sh starts
// a throwaway cluster and prints it; .ci/run exports it). In CI a missing URL fails the tests that
// need it; locally they are skipped with a message. Each test gets its own schema.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

export const TEST_DATABASE_ENV = 'COPILOT_GATEWAY_TEST_DATABASE_URL';

/** The test database URL, or undefined locally; throws in CI, where PostgreSQL must be there. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env[TEST_DATABASE_ENV]?.trim();
  if (url) return url;
  if (process.env.CI)
    throw new Error(
      `${TEST_DATABASE_ENV} is not set: .ci/run must start PostgreSQL (scripts/test-postgres.sh)`,
    );
  return undefined;
}

let warned = false;
/** `describe` when a test database is there, else `describe.skip` with a message (locally only). */
export function describeWithPostgres(name: string, fn: () => void): void {
  if (testDatabaseUrl()) {
    describe(name, fn);
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`skipping PostgreSQL tests: set ${TEST_DATABASE_ENV} (see scripts/test-postgres.sh)`);
  }
  describe.skip(name, fn);
}

export interface TestSchema {
  /** The base URL with `options=-c search_path=<schema>`: every connection made from it lives there. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** A new empty schema in the test database. */
export async function freshSchema(baseUrl = testDatabaseUrl()): Promise<TestSchema> {
  if (!baseUrl) throw new Error(`no test database: set ${TEST_DATABASE_ENV}`);
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
