// A schema of its own in the test database for each test (no vitest here: the local stack and
// benchmarks use it too).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_ENV = 'COPILOT_GATEWAY_TEST_DATABASE_URL';

export interface TestSchema {
  /** The base URL with `options=-c search_path=<schema>`: every connection made from it lives there. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** A new empty schema in the test database. */
export async function freshSchema(baseUrl = process.env[TEST_DATABASE_ENV]?.trim()): Promise<TestSchema> {
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
