// Gateway keys and their stored form. A key is `cgw_` + 32 random bytes (base64url, 256 bits), so
// a slow password hash adds nothing: nobody can guess 2^256 values. What is stored is
// HMAC-SHA-256(key) under a per-data-dir secret kept in its own 0600 file, so a copy of the
// database alone does not even let anyone test a candidate key offline, and the check costs about
// a microsecond per request. Comparison is constant-time.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureDataDir } from '../../config/store.js';

export const KEY_PREFIX = 'cgw_';
/** Characters of the key kept for display: `cgw_` + 6 (36 bits, useless for guessing). */
const DISPLAY_CHARS = KEY_PREFIX.length + 6;
const KEY_RE = /^cgw_[A-Za-z0-9_-]{43}$/;

export function generateKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function looksLikeKey(value: string): boolean {
  return KEY_RE.test(value);
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_CHARS);
}

export type KeyHasher = (key: string) => Buffer;

export function keyHasher(secret: Buffer): KeyHasher {
  return (key) => createHmac('sha256', secret).update(key).digest();
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads the HMAC secret, creating it (0600, atomically, race-free between processes) if absent. */
export function loadOrCreateHashSecret(file: string): Buffer {
  const existing = readSecret(file);
  if (existing) return existing;
  ensureDataDir(dirname(file));
  const tmp = join(dirname(file), `.key-secret.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    // link() fails if another process created the secret first; then theirs wins.
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  const made = readSecret(file);
  if (!made) throw new Error(`${file} exists but holds no key secret; delete it only if no keys exist`);
  return made;
}

function readSecret(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return /^[0-9a-f]{64}$/.test(text) ? Buffer.from(text, 'hex') : undefined;
}
