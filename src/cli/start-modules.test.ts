// What a default start loads: the modules of optional backends and features (PostgreSQL, Redis,
// the Responses WebSocket) are imported where they are first used, not at start-up
// (docs/hardening.md, "Memory of open streams"). Checked in a fresh process, where nothing else
// imported them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cgw-modules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packages a fresh process has loaded after importing `modules` (in order). */
async function packagesAfter(modules: string[]): Promise<string[]> {
  const script = join(dir, `probe-${modules.length}.mts`);
  writeFileSync(
    script,
    `import { createRequire } from 'node:module';\n${modules
      .map((m) => `await import(${JSON.stringify(join(REPO_ROOT, m))});`)
      .join('\n')}\n` +
      'const names = Object.keys(createRequire(import.meta.url).cache).map((p) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(p)?.[1]);\n' +
      'console.log(JSON.stringify([...new Set(names.filter(Boolean))]));\n',
  );
  const { stdout } = await promisify(execFile)(`${REPO_ROOT}node_modules/.bin/tsx`, [script], {
    cwd: REPO_ROOT,
  });
  return JSON.parse(stdout) as string[];
}

const STARTUP = [
  'src/cli/program.ts',
  'src/cli/start.ts',
  'src/gateway/start.ts',
  'src/store/open-state-store.ts',
];

describe('start-up module loading', () => {
  it('the start-up graph has neither pg, nor ioredis, nor ws; each comes with its feature', async () => {
    const atStart = await packagesAfter(STARTUP);
    expect(atStart).toContain('undici'); // the probe sees packages the start does load
    for (const lazy of ['pg', 'ioredis', 'ws']) expect(atStart).not.toContain(lazy);
    const withFeatures = await packagesAfter([
      ...STARTUP,
      'src/store/postgres/state-store.ts',
      'src/shared-limits/redis-link.ts',
    ]);
    expect(withFeatures).toEqual(expect.arrayContaining(['pg', 'ioredis']));
    // ws: loaded by the first upgrade (test/integration/responses-websocket.test.ts uses it).
  });
});
