// The data directory on disk: the stored GitHub token and config.json. Writes are atomic (temp
// file in the same directory + rename) so a crash never leaves a half-written token, and secrets
// are created 0600 inside a 0700 directory.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import { ConfigError } from './errors.js';
import type { DataPaths } from './paths.js';

export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // mkdir's mode is masked by the umask and ignored for an existing directory.
  try {
    chmodSync(dataDir, 0o700);
  } catch {
    // Not ours to change (e.g. a shared, pre-existing directory): the file modes still protect secrets.
  }
}

export function writeFileAtomic(path: string, content: string, mode: number): void {
  ensureDataDir(dirname(path));
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // `wx` refuses to follow a pre-planted file or symlink at the temp path.
    writeFileSync(tmp, content, { mode, flag: 'wx' });
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export function readGithubToken(paths: DataPaths): string | undefined {
  const text = readIfExists(paths.githubTokenFile)?.trim();
  return text ? text : undefined;
}

export function writeGithubToken(paths: DataPaths, token: string): void {
  const clean = token.trim();
  if (!clean) throw new ConfigError('Refusing to store an empty GitHub token');
  writeFileAtomic(paths.githubTokenFile, `${clean}\n`, 0o600);
}

/** The stored token file's permission bits (e.g. 0o600), or undefined when there is none. */
export function githubTokenFileMode(paths: DataPaths): number | undefined {
  try {
    return statSync(paths.githubTokenFile).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** Line and column (1-based) of a character offset, for error messages a person can follow. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/**
 * config.json text parsed but not validated (see ./schema.ts). The file is JSONC: `//` and block
 * comments and trailing commas are accepted, as the README shows.
 */
export function parseConfigText(text: string, source: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0];
    throw new ConfigError(
      `${source} is not valid JSON: ${printParseErrorCode(first.error)} at ${lineColumn(text, first.offset)}` +
        ' (comments and trailing commas are allowed)',
    );
  }
  return value;
}

/** config.json parsed but not validated; undefined when the file is absent or empty. */
export function readConfigFile(paths: DataPaths): unknown {
  const text = readIfExists(paths.configFile);
  if (text === undefined || text.trim() === '') return undefined;
  return parseConfigText(text, paths.configFile);
}

export function writeConfigFile(paths: DataPaths, config: unknown): void {
  // config.json may hold anthropicApiKey, so it is a secret too.
  writeFileAtomic(paths.configFile, `${JSON.stringify(config, null, 2)}\n`, 0o600);
}
