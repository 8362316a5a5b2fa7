import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadSettings, resolveSettings } from './load.js';
import { dataPaths } from './paths.js';
import { DEFAULT_IDENTITY, DEFAULT_TIMEOUTS } from './settings.js';
import { writeGithubToken } from './store.js';

const base = { flags: {}, env: {}, file: {}, dataDir: '/d' };

describe('resolveSettings layering', () => {
  it('uses the defaults when nothing is given', () => {
    const s = resolveSettings(base);
    expect(s.port).toBe(4141);
    expect(s.host).toBe('127.0.0.1');
    expect(s.accountType).toBe('individual');
    expect(s.githubUrl).toBe('https://github.com');
    expect(s.githubApiUrl).toBe('https://api.github.com');
    expect(s.copilotApiUrl).toBeUndefined();
    expect(s.githubToken).toBeUndefined();
    expect(s.identity).toEqual(DEFAULT_IDENTITY);
    expect(s.timeouts).toEqual(DEFAULT_TIMEOUTS);
    expect(s.dataDir).toBe('/d');
  });

  it('takes flags over env over config.json over defaults, per field', () => {
    const file = { port: 1111, host: 'file-host', accountType: 'business' as const };
    const env = { PORT: '2222', HOST: 'env-host' };
    expect(resolveSettings({ ...base, file }).port).toBe(1111);
    expect(resolveSettings({ ...base, file, env }).port).toBe(2222);
    expect(resolveSettings({ ...base, file, env, flags: { port: '3333' } }).port).toBe(3333);
    expect(resolveSettings({ ...base, file }).host).toBe('file-host');
    expect(resolveSettings({ ...base, file, env }).host).toBe('env-host');
    expect(resolveSettings({ ...base, file, env, flags: { host: '::1' } }).host).toBe('::1');
    expect(resolveSettings({ ...base, file }).accountType).toBe('business');
    expect(resolveSettings({ ...base, file, flags: { accountType: 'enterprise' } }).accountType).toBe(
      'enterprise',
    );
  });

  it('takes the GitHub token from flag, then GH_TOKEN, then the stored file', () => {
    const stored = { ...base, storedGithubToken: 'ghu_stored' };
    expect(resolveSettings(stored).githubToken).toBe('ghu_stored');
    expect(resolveSettings({ ...stored, env: { GH_TOKEN: 'ghu_env' } }).githubToken).toBe('ghu_env');
    expect(
      resolveSettings({ ...stored, env: { GH_TOKEN: 'ghu_env' }, flags: { githubToken: 'ghu_flag' } })
        .githubToken,
    ).toBe('ghu_flag');
  });

  it('takes the log format from --log-format over config.json, text by default, and rejects others', () => {
    expect(resolveSettings(base).logFormat).toBe('text');
    expect(resolveSettings({ ...base, file: { logFormat: 'json' } }).logFormat).toBe('json');
    expect(
      resolveSettings({ ...base, file: { logFormat: 'json' }, flags: { logFormat: 'text' } }).logFormat,
    ).toBe('text');
    expect(() => resolveSettings({ ...base, flags: { logFormat: 'xml' } })).toThrow(
      /Invalid log format "xml" \(--log-format\): expected one of text, json/,
    );
  });

  it('merges nested config.json objects over the defaults instead of replacing them', () => {
    const s = resolveSettings({
      ...base,
      file: {
        identity: { editorVersion: 'vscode/9.9.9' },
        timeouts: { idleMs: 5 },
        responseStore: { maxEntries: 3 },
      },
    });
    expect(s.identity).toEqual({ ...DEFAULT_IDENTITY, editorVersion: 'vscode/9.9.9' });
    expect(s.timeouts).toEqual({ ...DEFAULT_TIMEOUTS, idleMs: 5 });
    expect(s.responseStore).toEqual({ ttlSec: 3600, maxEntries: 3 });
  });

  it('carries the file-only settings through', () => {
    const s = resolveSettings({
      ...base,
      file: {
        modelMapping: { a: 'b' },
        smallModel: 'gpt-5-mini',
        anthropicApiKey: 'k',
        heartbeatMs: 1234,
        maxConcurrent: 3,
        modelsTtlSec: 9,
        maxBodyBytes: 10,
      },
    });
    expect(s).toMatchObject({
      modelMapping: { a: 'b' },
      smallModel: 'gpt-5-mini',
      anthropicApiKey: 'k',
      heartbeatMs: 1234,
      maxConcurrent: 3,
      modelsTtlSec: 9,
      maxBodyBytes: 10,
    });
  });

  it('derives the GitHub API URL from the GitHub URL unless it is given', () => {
    expect(resolveSettings({ ...base, flags: { githubUrl: 'https://acme.ghe.com/' } }).githubApiUrl).toBe(
      'https://api.acme.ghe.com',
    );
    expect(resolveSettings({ ...base, flags: { githubUrl: 'https://ghes.corp' } }).githubApiUrl).toBe(
      'https://ghes.corp/api/v3',
    );
    expect(
      resolveSettings({
        ...base,
        flags: { githubUrl: 'https://ghes.corp', githubApiUrl: 'https://api.ghes.corp/' },
      }).githubApiUrl,
    ).toBe('https://api.ghes.corp');
    expect(resolveSettings({ ...base, file: { githubUrl: 'https://x.ghe.com' } }).githubApiUrl).toBe(
      'https://api.x.ghe.com',
    );
  });

  it('normalises the Copilot API override', () => {
    expect(resolveSettings({ ...base, flags: { copilotApiUrl: 'http://127.0.0.1:9/' } }).copilotApiUrl).toBe(
      'http://127.0.0.1:9',
    );
  });
});

describe('resolveSettings validation', () => {
  it('rejects a bad port and says where it came from', () => {
    expect(() => resolveSettings({ ...base, flags: { port: 'abc' } })).toThrow(ConfigError);
    expect(() => resolveSettings({ ...base, flags: { port: 'abc' } })).toThrow('Invalid port "abc" (--port)');
    expect(() => resolveSettings({ ...base, env: { PORT: '70000' } })).toThrow('(env PORT)');
    expect(() => resolveSettings({ ...base, flags: { port: '-1' } })).toThrow(/0 to 65535/);
    expect(() => resolveSettings({ ...base, flags: { port: '1.5' } })).toThrow(ConfigError);
  });

  it('rejects a bad account type and lists the valid ones', () => {
    expect(() => resolveSettings({ ...base, flags: { accountType: 'team' } })).toThrow(
      'Invalid account type "team" (--account-type): expected one of individual, business, enterprise',
    );
  });

  it('rejects bad URLs', () => {
    expect(() => resolveSettings({ ...base, flags: { githubUrl: 'github.com' } })).toThrow(
      /Invalid GitHub URL "github\.com"/,
    );
    expect(() => resolveSettings({ ...base, flags: { githubUrl: 'ftp://x' } })).toThrow(
      /only http and https/,
    );
    expect(() => resolveSettings({ ...base, flags: { copilotApiUrl: 'nope' } })).toThrow(
      /Invalid Copilot API URL/,
    );
  });
});

describe('loadSettings (reads the data dir)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cgw-load-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads config.json and the stored token from --data-dir', () => {
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ port: 5151, githubUrl: 'https://acme.ghe.com' }),
    );
    writeGithubToken(dataPaths(dir), 'ghu_from_disk');
    const s = loadSettings({ dataDir: dir }, {});
    expect(s).toMatchObject({
      port: 5151,
      githubApiUrl: 'https://api.acme.ghe.com',
      githubToken: 'ghu_from_disk',
      dataDir: dir,
    });
  });

  it('finds the data dir through COPILOT_GATEWAY_HOME', () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ host: '0.0.0.0' }));
    expect(loadSettings({}, { COPILOT_GATEWAY_HOME: dir }).host).toBe('0.0.0.0');
  });

  it('prefers GH_TOKEN over the stored token', () => {
    writeGithubToken(dataPaths(dir), 'ghu_from_disk');
    expect(loadSettings({ dataDir: dir }, { GH_TOKEN: 'ghu_env' }).githubToken).toBe('ghu_env');
  });

  it('fails clearly on an invalid config.json', () => {
    writeFileSync(join(dir, 'config.json'), '{ nope');
    expect(() => loadSettings({ dataDir: dir }, {})).toThrow(/config\.json is not valid JSON/);
    writeFileSync(join(dir, 'config.json'), '{"port":"x"}');
    expect(() => loadSettings({ dataDir: dir }, {})).toThrow(/Invalid .*config\.json: port/);
  });

  it('works with an empty, absent data dir', () => {
    expect(loadSettings({ dataDir: join(dir, 'missing') }, {}).port).toBe(4141);
  });
});
