// Shared pieces of the benchmarks: a gateway in its own process (so its CPU can be read from
// /proc), the emulator in this process, and a closed-loop load generator over keep-alive.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';

export const CLK_TCK = 100; // Linux USER_HZ

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid) {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/**
 * CPU seconds (user + system) of every thread of a process so far, from the scheduler's
 * nanosecond counters (/proc/<pid>/task/<tid>/schedstat) rather than 10 ms ticks.
 */
export function cpuSecondsFine(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {} // a thread that just ended
  }
  return ns / 1e9;
}

/** CPU seconds a process has used so far, user and system (kernel) apart. */
export function cpuTimes(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / CLK_TCK, system: Number(fields[12]) / CLK_TCK };
}

/** `main`: another build's entry point (default: this checkout's dist/main.js). */
export async function startGatewayProcess(emulator, extraArgs = [], main = 'dist/main.js') {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'cgw-bench-'));
  // The V8 flags the shipped launchers set (Dockerfile, systemd unit, npm start); BENCH_NODE_FLAGS
  // overrides them ("" for Node's defaults).
  const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=2').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      main,
      'start',
      '--port',
      String(port),
      '--github-url',
      emulator.githubUrl,
      '--github-token',
      'ghu_emulator_token',
      '--data-dir',
      dataDir,
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {}
    if (child.exitCode !== null) throw new Error(`gateway exited: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, pid: child.pid, stop: () => child.kill('SIGTERM'), output: () => out };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * Closed loop: `concurrency` workers send `total` requests. Returns per-request latency (ms),
 * time to first byte (ms) and wall time.
 */
export async function load({ url, headers, body, total, concurrency, dispatcher, staggerMs = 0 }) {
  const latencies = [];
  const ttfbs = [];
  let sent = 0;
  const started = performance.now();
  async function worker(i) {
    // Independent clients do not fire in lockstep: with a fixed upstream time, workers started
    // together stay synchronised forever and every answer arrives in a burst of `concurrency`.
    if (staggerMs > 0) await new Promise((r) => setTimeout(r, i * staggerMs));
    while (sent < total) {
      sent++;
      const t0 = performance.now();
      const res = await request(url, { method: 'POST', headers, body, dispatcher });
      let first = true;
      for await (const _chunk of res.body) {
        if (first) {
          ttfbs.push(performance.now() - t0);
          first = false;
        }
      }
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} from ${url}`);
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const wall = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  ttfbs.sort((a, b) => a - b);
  return { latencies, ttfbs, wall, rps: total / wall };
}

export function newDispatcher() {
  return new Agent({ connections: 64, keepAliveTimeout: 60_000 });
}

export function fmt(n, digits = 3) {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}
