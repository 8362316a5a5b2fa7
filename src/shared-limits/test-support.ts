// Real Redis for tests: the server .ci/run starts (COPILOT_GATEWAY_TEST_REDIS_URL), or one this
// file starts from Debian's redis-server (loopback, random port, no persistence). In CI a missing
// Redis is a failure; locally the tests are skipped with a message.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export function redisServerBinary(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether Redis tests can run; throws in CI when they cannot (a missing Redis fails CI). */
export function redisAvailable(): boolean {
  if (process.env.COPILOT_GATEWAY_TEST_REDIS_URL || redisServerBinary()) return true;
  if (process.env.CI)
    throw new Error(
      'CI: no Redis for the tests (COPILOT_GATEWAY_TEST_REDIS_URL unset, no redis-server on PATH)',
    );
  console.warn('skipping the Redis tests: set COPILOT_GATEWAY_TEST_REDIS_URL or install redis-server');
  return false;
}

/** A key prefix of its own, so tests sharing one Redis never see each other's counters. */
export function testPrefix(): string {
  return `cgwtest:${randomBytes(5).toString('hex')}:`;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface OwnRedis {
  url: string;
  /** Kills the server (SIGKILL: as if the host went away). */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A redis-server of the test's own (for tests that kill it). */
export async function startOwnRedis(): Promise<OwnRedis> {
  const bin = redisServerBinary();
  if (!bin) throw new Error('redis-server is not installed (apt-get install redis-server)');
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const boot = async () => {
    child = spawn(
      bin,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'no',
      ],
      { stdio: 'ignore' },
    );
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    probe.on('error', () => {});
    for (let i = 0; i < 200; i++) {
      try {
        if (probe.status !== 'ready') await probe.connect();
        await probe.ping();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    probe.disconnect();
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((r) => {
      c.once('exit', () => r());
      c.kill('SIGKILL');
    });
  };
  await boot();
  return { url, kill, restart: boot, close: kill };
}

/** The shared test Redis, or one of this file's own; close() stops only what it started. */
export async function testRedis(): Promise<{ url: string; close(): Promise<void> }> {
  const shared = process.env.COPILOT_GATEWAY_TEST_REDIS_URL;
  if (shared) return { url: shared, close: async () => {} };
  return startOwnRedis();
}

/** Lua scripts (EVALSHA and EVAL) a Redis has run so far: on a server of the test's own, the test's. */
export async function scriptCalls(redis: Pick<Redis, 'info'>): Promise<number> {
  const text = await redis.info('commandstats');
  const calls = (name: string) => Number(text.match(new RegExp(`cmdstat_${name}:calls=(\\d+)`))?.[1] ?? 0);
  return calls('evalsha') + calls('eval');
}
