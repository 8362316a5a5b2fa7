// contrib/haproxy/haproxy.cfg as shipped (addresses and check interval adapted), in front of two
// gateway instances: an instance whose /readyz fails is drained while the other serves; when both
// are unready (Redis down for everyone) the backup entries keep the cluster serving.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startOwnRedis, testPrefix } from '../../src/shared-limits/test-support.js';
import { startTwins, type Twin, type Twins } from './sqlite-twins.js';

function haproxyBinary(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const haproxy = haproxyBinary();
if (!haproxy && process.env.CI) throw new Error('CI: haproxy is not installed (apt-get install haproxy)');
if (!haproxy) console.warn('skipping the load-balancer test: install haproxy');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const cleanups: (() => Promise<void>)[] = [];
let twins: Twins | undefined;
afterEach(async () => {
  await twins?.close();
  twins = undefined;
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}

describe.runIf(haproxy)('HAProxy in front of two instances (contrib/haproxy/haproxy.cfg)', () => {
  it('drains an unready instance, and serves from both when both are unready', async () => {
    const shared = await startOwnRedis();
    const lonely = await startOwnRedis();
    cleanups.push(
      () => shared.close(),
      () => lonely.close(),
    );
    twins = await startTwins({
      emulator: {},
      accounts: [{ token: 'ghu_emulator_token' }],
      instances: 0,
      settings: { redisKeyPrefix: testPrefix() },
    });
    const a = await twins.add({ redisUrl: shared.url });
    // b has a Redis of its own that the test kills: only b becomes unready.
    const b = await twins.add({ redisUrl: lonely.url });
    const served = new Map<Twin, number>([
      [a, 0],
      [b, 0],
    ]);
    for (const t of [a, b])
      t.gateway.ctx.outcomes.subscribe((r) => {
        if (r.path === '/v1/chat/completions') served.set(t, (served.get(t) ?? 0) + 1);
      });
    const shipped = readFileSync(new URL('../../contrib/haproxy/haproxy.cfg', import.meta.url), 'utf8');
    const startLb = async (text: string): Promise<number> => {
      const port = await freePort();
      const cfg = text
        .replace('bind :4141', `bind 127.0.0.1:${port}`)
        .replace(/gateway-1:4141/g, a.url.replace('http://', ''))
        .replace(/gateway-2:4141/g, b.url.replace('http://', ''))
        .replace('inter 2s fall 2 rise 2', 'inter 100ms fall 1 rise 1')
        .replace('log stdout format raw local0', '');
      const file = join(tmpdir(), `cgw-haproxy-${port}.cfg`);
      writeFileSync(file, cfg);
      const lb: ChildProcess = spawn(haproxy as string, ['-f', file, '-db'], { stdio: 'ignore' });
      cleanups.push(async () => {
        if (lb.exitCode === null) {
          const exited = new Promise((r) => lb.once('exit', r));
          lb.kill('SIGTERM');
          await exited;
        }
        rmSync(file, { force: true });
      });
      return port;
    };
    const port = await startLb(shipped);
    // The same configuration without its backup entries: what a readiness-only LB would do.
    const bare = await startLb(
      shipped
        .split('\n')
        .filter((l) => !/ backup$|allbackups/.test(l))
        .join('\n'),
    );
    const client = new OpenAI({
      baseURL: `http://127.0.0.1:${port}/v1`,
      apiKey: twins.keySecret,
      maxRetries: 0,
    });
    const ask = () =>
      client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] });
    const tryAsk = () =>
      ask().then(
        () => true,
        () => false,
      );
    await until(tryAsk);
    // Both ready: both serve (leastconn spreads sequential requests over both).
    await until(async () => {
      await ask();
      return (served.get(a) ?? 0) > 0 && (served.get(b) ?? 0) > 0;
    });
    // b loses its Redis: unready, drained; every request goes to a and succeeds.
    await lonely.kill();
    await until(async () => (await fetch(`${b.url}/readyz`)).status === 503);
    // Once HAProxy has seen b fail its check, nothing reaches b any more.
    await until(async () => {
      const before = served.get(b);
      for (let i = 0; i < 4; i++) await ask();
      return served.get(b) === before;
    });
    const bBefore = served.get(b) ?? 0;
    for (let i = 0; i < 6; i++) await ask();
    expect(served.get(b)).toBe(bBefore);
    // a loses Redis too: both unready. Without backups the load balancer has nobody left (503);
    // the shipped configuration keeps serving through its backups (degraded, not an outage).
    await shared.kill();
    // (/healthz is 200 from any instance: a 503 there comes from the load balancer itself.)
    await until(async () => (await fetch(`http://127.0.0.1:${bare}/healthz`)).status === 503);
    const bareAnswer = await fetch(`http://127.0.0.1:${bare}/healthz`);
    expect(bareAnswer.status).toBe(503);
    expect(await bareAnswer.text()).toContain('No server is available');
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await tryAsk());
    expect(results).toEqual(Array(6).fill(true));
  });
});
