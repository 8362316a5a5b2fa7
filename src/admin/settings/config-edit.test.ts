import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyConfigEdits, mergePatchEdits, updateConfig } from './config-edit.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('config.json edits', () => {
  it('turns a merge patch into edits: nested objects merge, null removes, new objects are set whole', () => {
    const current = { retry: { maxAttempts: 3, baseDelayMs: 10 }, smallModel: 'a' };
    expect(
      mergePatchEdits(current, {
        retry: { maxAttempts: 1, baseDelayMs: null },
        smallModel: null,
        pool: { strategy: 'round-robin', x: null },
      }),
    ).toEqual([
      { path: ['retry', 'maxAttempts'], value: 1 },
      { path: ['retry', 'baseDelayMs'], value: undefined },
      { path: ['smallModel'], value: undefined },
      { path: ['pool'], value: { strategy: 'round-robin' } },
    ]);
  });

  it('keeps comments and layout it does not touch', () => {
    const text =
      '// top\n{\n  // why three\n  "retry": { "maxAttempts": 3 },\n  "heartbeatMs": 1000, // trailing\n}\n';
    const out = applyConfigEdits(text, [
      { path: ['retry', 'maxAttempts'], value: 2 },
      { path: ['smallModel'], value: 'gpt-5-mini' },
    ]);
    expect(out).toContain('// top');
    expect(out).toContain('// why three');
    expect(out).toContain('// trailing');
    expect(out).toMatch(/"maxAttempts": 2/);
    expect(out).toMatch(/"smallModel": "gpt-5-mini"/);
    expect(applyConfigEdits('', [{ path: ['port'], value: 1 }])).toBe('{\n  "port": 1\n}\n');
  });

  it('writes 0600 only what the config.json schema accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cgw-cfg-'));
    dirs.push(dir);
    const file = join(dir, 'config.json');
    writeFileSync(file, '{ "port": 1 }\n', { mode: 0o644 });
    expect(() => updateConfig(dir, () => [{ path: ['port'], value: 'x' }])).toThrow(/port/);
    expect(readFileSync(file, 'utf8')).toBe('{ "port": 1 }\n');
    const { before, after } = updateConfig(dir, () => [{ path: ['port'], value: 2 }]);
    expect(before).toEqual({ port: 1 });
    expect(after).toEqual({ port: 2 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
