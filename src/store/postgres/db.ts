// The PostgreSQL connection pool of the state store: integers come back as numbers (the schema's
// BIGINTs hold epoch ms and counters, far below 2^53), a cap on every query so a hung server
// answers an error instead of a hang, and connection-level failures turned into one clear error
// (503, code database_unavailable) that never quotes the URL or its password.
import pg from 'pg';
import { GatewayError } from '../../errors/gateway-error.js';
import { redactDatabaseUrl } from './url.js';

export interface PgOptions {
  /** Connections per instance (default 10). */
  max?: number;
  /** How long connecting may take before the query fails (default 5 s). */
  connectTimeoutMs?: number;
  /** Client-side cap on one query (default 15 s). */
  queryTimeoutMs?: number;
}

const INT8 = 20;
const NUMERIC = 1700;

export function pgTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8, (v: string) => Number(v));
  types.setTypeParser(NUMERIC, (v: string) => Number(v));
  return types;
}

export function createPgPool(url: string, options: PgOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    query_timeout: options.queryTimeoutMs ?? 15_000,
    idleTimeoutMillis: 30_000,
    application_name: 'copilot-gateway',
    types: pgTypes(),
  });
  // An idle connection the server dropped: the pool replaces it; the next query reports errors.
  pool.on('error', () => {});
  return pool;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Whether an error says the database could not be reached (rather than refusing a statement). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  // SQLSTATE class 08 (connection exception), 57P01-03 (shutdown, cannot connect now).
  if (e.code && (/^08/.test(e.code) || /^57P0[123]$/.test(e.code))) return true;
  const m = e.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connect ECONN/i.test(
    m,
  );
}

/** The error every repository throws when PostgreSQL is unreachable: a 503 in the caller's shape. */
export function databaseUnavailable(err: unknown, url?: string): GatewayError {
  const raw = err instanceof Error ? err.message : String(err);
  const reason = url ? raw.split(url).join(redactDatabaseUrl(url)) : raw;
  return new GatewayError(
    'overloaded',
    `The state database (PostgreSQL) is unreachable (${reason}); nothing was changed. Retry once /readyz reports the database ready.`,
    { code: 'database_unavailable', retryable: true, retryAfter: 5 },
  );
}

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** A query whose connection failures become `databaseUnavailable`. */
export async function q<R extends pg.QueryResultRow = pg.QueryResultRow>(
  db: Queryable,
  text: string,
  values?: unknown[],
): Promise<pg.QueryResult<R>> {
  try {
    return await db.query<R>(text, values);
  } catch (err) {
    throw isConnectionError(err) ? databaseUnavailable(err) : err;
  }
}

/** Runs `fn` in one transaction on one pooled connection. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw isConnectionError(err) ? databaseUnavailable(err) : err;
  }
  let broken = false;
  try {
    await q(client, 'BEGIN');
    const out = await fn(client);
    await q(client, 'COMMIT');
    return out;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw err;
  } finally {
    client.release(broken);
  }
}
