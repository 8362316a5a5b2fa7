// Edits config.json the way a person would: jsonc-parser's modify/applyEdits change only the
// values touched, so the user's comments and layout stay; the result is validated with the same
// zod schema `start` reads it with before it is written (atomically, 0600, like every secret).

import { readFileSync } from 'node:fs';
import { applyEdits, modify } from 'jsonc-parser';
import { ConfigError } from '../../config/errors.js';
import { dataPaths } from '../../config/paths.js';
import { type ConfigFile, parseConfigFile } from '../../config/schema.js';
import { parseConfigText, writeFileAtomic } from '../../config/store.js';
import { GatewayError } from '../../errors/gateway-error.js';

/** Set `path` to `value`; `undefined` removes it. */
export interface ConfigEdit {
  path: string[];
  value: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7396 merge patch as edits: objects merge key by key (so comments inside stay), null removes. */
export function mergePatchEdits(
  current: unknown,
  patch: Record<string, unknown>,
  base: string[] = [],
): ConfigEdit[] {
  const edits: ConfigEdit[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const path = [...base, key];
    const existing = isObject(current) ? current[key] : undefined;
    if (value === null) edits.push({ path, value: undefined });
    else if (isObject(value) && isObject(existing)) edits.push(...mergePatchEdits(existing, value, path));
    else edits.push({ path, value: stripNulls(value) });
  }
  return edits;
}

function stripNulls(value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, stripNulls(v)]),
  );
}

export function applyConfigEdits(text: string, edits: readonly ConfigEdit[]): string {
  let out = text.trim() === '' ? '{}\n' : text;
  for (const e of edits)
    out = applyEdits(
      out,
      modify(out, e.path, e.value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }),
    );
  return out.endsWith('\n') ? out : `${out}\n`;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** config.json as it is on disk (validated), and its path. */
export function readConfig(dataDir: string): { file: string; text: string; config: ConfigFile } {
  const file = dataPaths(dataDir).configFile;
  const text = readText(file);
  const config = text.trim() === '' ? {} : parseConfigFile(parseConfigText(text, file), file);
  return { file, text, config };
}

/**
 * Applies the edits to config.json after checking the result with the config.json schema; a
 * refused change is a 400 naming each problem, and the file is left as it was.
 */
export function updateConfig(
  dataDir: string,
  edits: (current: ConfigFile) => ConfigEdit[],
): { file: string; before: ConfigFile; after: ConfigFile } {
  const current = readConfig(dataDir);
  const text = applyConfigEdits(current.text, edits(current.config));
  let after: ConfigFile;
  try {
    after = parseConfigFile(parseConfigText(text, 'the new config.json'), 'settings');
  } catch (err) {
    if (err instanceof ConfigError) throw GatewayError.invalid(err.message, { code: 'invalid_settings' });
    throw err;
  }
  writeFileAtomic(current.file, text, 0o600);
  return { file: current.file, before: current.config, after };
}
