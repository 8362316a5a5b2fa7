// Shared by the install checks (check-package.mjs, check-container.mjs): run a command and wait for
// it, start a long-running one and wait for a line, and count checks with a readable summary.
import { spawn, spawnSync } from 'node:child_process';

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Starts a process and resolves once `pattern` appears on stdout or stderr (rejects on exit or after limitMs). */
export function startUntil(cmd, args, pattern, options = {}, limitMs = 60_000) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} did not print ${pattern} within ${limitMs} ms:\n${output}`));
    }, limitMs);
    const onData = (d) => {
      output += d;
      const m = pattern.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code}) before printing ${pattern}:\n${output}`));
    });
  });
}

/** Sends SIGTERM and resolves with the exit code (SIGKILL after limitMs). */
export function stop(child, limitMs = 15_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
    child.kill('SIGTERM');
  });
}

export function checker(name) {
  const failures = [];
  let count = 0;
  return {
    check(label, ok, detail = '') {
      count++;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
      if (!ok) failures.push(`${label}${detail ? `\n${detail}` : ''}`);
    },
    finish() {
      console.log(`${name}: ${count - failures.length} of ${count} checks ok`);
      for (const f of failures) console.error(`FAILED: ${f}`);
      if (failures.length > 0) process.exitCode = 1;
    },
  };
}
