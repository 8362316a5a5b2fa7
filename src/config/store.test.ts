import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { dataPaths } from './paths.js';
import {
  githubTokenFileMode,
  readConfigFile,
  readGithubToken,
  writeConfigFile,
  writeGithubToken,
} from './store.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cgw-store-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('github token store', () => {
  it('writes the token 0600 in a 0700 directory it creates, and reads it back trimmed', () => {
    const paths = dataPaths(join(root, 'nested', 'home'));
    expect(readGithubToken(paths)).toBeUndefined();
    expect(githubTokenFileMode(paths)).toBeUndefined();
    writeGithubToken(paths, '  ghu_abcdefghijkl \n');
    expect(readGithubToken(paths)).toBe('ghu_abcdefghijkl');
    expect(statSync(paths.githubTokenFile).mode & 0o777).toBe(0o600);
    expect(statSync(paths.dataDir).mode & 0o777).toBe(0o700);
    expect(githubTokenFileMode(paths)).toBe(0o600);
  });

  it('replaces an existing token atomically and leaves no temp files', () => {
    const paths = dataPaths(root);
    writeGithubToken(paths, 'ghu_first_token_1');
    writeGithubToken(paths, 'ghu_second_token_2');
    expect(readFileSync(paths.githubTokenFile, 'utf8')).toBe('ghu_second_token_2\n');
    expect(readdirSync(root)).toEqual(['github_token']);
  });

  it('tightens a token file that was world-readable before', () => {
    const paths = dataPaths(root);
    writeFileSync(paths.githubTokenFile, 'old', { mode: 0o644 });
    writeGithubToken(paths, 'ghu_new_token_123');
    expect(statSync(paths.githubTokenFile).mode & 0o777).toBe(0o600);
  });

  it('refuses to store an empty token', () => {
    expect(() => writeGithubToken(dataPaths(root), '  ')).toThrow(ConfigError);
  });

  it('treats an empty token file as no token', () => {
    const paths = dataPaths(root);
    writeFileSync(paths.githubTokenFile, '\n');
    expect(readGithubToken(paths)).toBeUndefined();
  });
});

describe('config.json', () => {
  it('is undefined when absent or empty', () => {
    const paths = dataPaths(root);
    expect(readConfigFile(paths)).toBeUndefined();
    writeFileSync(paths.configFile, '  \n');
    expect(readConfigFile(paths)).toBeUndefined();
  });

  it('round-trips through writeConfigFile with mode 0600', () => {
    const paths = dataPaths(root);
    writeConfigFile(paths, { port: 5000 });
    expect(readConfigFile(paths)).toEqual({ port: 5000 });
    expect(statSync(paths.configFile).mode & 0o777).toBe(0o600);
  });

  it('names the file, the line and the column in the error for invalid JSON', () => {
    const paths = dataPaths(root);
    writeFileSync(paths.configFile, '{\n  "port": 1\n  "host": "x"\n}');
    expect(() => readConfigFile(paths)).toThrow(ConfigError);
    expect(() => readConfigFile(paths)).toThrow(
      /config\.json is not valid JSON: CommaExpected at line 3, column 3/,
    );
  });

  it('accepts comments and trailing commas (JSONC), as the README shows', () => {
    const paths = dataPaths(root);
    writeFileSync(
      paths.configFile,
      '{\n  // the port\n  "port": 5000, /* block */\n  "modelMapping": { "a": "b", },\n}\n',
    );
    expect(readConfigFile(paths)).toEqual({ port: 5000, modelMapping: { a: 'b' } });
  });
});
