import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataPaths } from '../config/paths.js';
import { writeGithubToken } from '../config/store.js';
import { runCli, spawnCli } from './test-helpers.js';

const SECRET = 'ghu_debugSecretToken123456';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cgw-debug-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('copilot-gateway debug', () => {
  it('--json reports paths and that a token is stored, never the token', async () => {
    writeGithubToken(dataPaths(dir), SECRET);
    const r = await spawnCli(['debug', '--json', '--data-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).not.toContain('debugSecret');
    const info = JSON.parse(r.stdout);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.runtime.node).toBe(process.version);
    expect(info.paths).toEqual({
      dataDir: dir,
      githubToken: join(dir, 'github_token'),
      config: join(dir, 'config.json'),
    });
    expect(info.githubToken).toEqual({ stored: true, fileMode: '0600', fromEnv: false });
    expect(info.config).toEqual({ exists: false, valid: true });
  });

  it('reports no token, a loose file mode and an invalid config.json', async () => {
    let r = await runCli(['debug', '--json', '--data-dir', dir]);
    expect(JSON.parse(r.stdout).githubToken.stored).toBe(false);

    writeFileSync(join(dir, 'github_token'), SECRET);
    chmodSync(join(dir, 'github_token'), 0o644);
    writeFileSync(join(dir, 'config.json'), '{"prot": 1}');
    r = await runCli(['debug', '--json', '--data-dir', dir], { GH_TOKEN: 'ghu_fromEnvironment99' });
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).not.toContain('ghu_fromEnvironment99');
    const info = JSON.parse(r.stdout);
    expect(info.githubToken).toEqual({ stored: true, fileMode: '0644', fromEnv: true });
    expect(info.config.valid).toBe(false);
    expect(info.config.error).toContain('unknown setting "prot"');
  });

  it('prints a readable summary without --json', async () => {
    writeGithubToken(dataPaths(dir), SECRET);
    const r = await runCli(['debug', '--data-dir', dir]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/GitHub token:\s+stored \(file mode 0600\)/);
    expect(r.stdout).toMatch(/Data dir:\s+/);
    expect(r.stdout).not.toContain(SECRET);
  });
});
