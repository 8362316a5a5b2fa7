// The PostgreSQL the tests use: COPILOT_GATEWAY_TEST_DATABASE_URL (scripts/test-postgres.sh starts
// a throwaway cluster and prints it; .ci/run exports it). In CI a missing URL fails the tests that
// need it; locally they are skipped with a message. Each test gets its own schema.
import { describe } from 'vitest';
import { TEST_DATABASE_ENV } from './pg-schema.js';

export { TEST_DATABASE_ENV };

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

export { freshSchema, type TestSchema } from './pg-schema.js';
