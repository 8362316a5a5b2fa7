// `copilot-gateway setup <client>`: prints the client's settings file(s) for this gateway, or
// with --write writes them after showing a diff, keeping a backup of what was there (0600: the
// files hold the gateway key).
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { ConfigError } from '../../config/errors.js';
import type { Env } from '../../config/paths.js';
import type { CliIO } from '../io.js';
import { fetchModels, pickModels, type SetupClient } from './catalogue.js';
import { WRITERS } from './writers.js';

export const SETUP_CLIENTS: readonly SetupClient[] = ['claude-code', 'codex', 'gemini-cli', 'opencode'];
/** Until API keys exist, the gateway accepts any key; clients still need one to send. */
export const DEFAULT_KEY = 'copilot-gateway';

export interface SetupFlags {
  model?: string;
  smallModel?: string;
  key?: string;
  url?: string;
  write?: boolean;
  port?: string;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

export async function runSetup(
  client: string,
  flags: SetupFlags,
  env: Env,
  io: CliIO,
  now: () => Date = () => new Date(),
): Promise<number> {
  if (!SETUP_CLIENTS.includes(client as SetupClient))
    throw new ConfigError(`Unknown client "${client}": choose one of ${SETUP_CLIENTS.join(', ')}`);
  const url = (flags.url ?? `http://127.0.0.1:${flags.port ?? env.PORT ?? 4141}`).replace(/\/+$/, '');
  const key = flags.key ?? DEFAULT_KEY;
  const models = await fetchModels(url, key);
  const { main, small } = pickModels(client as SetupClient, models, flags);
  const home = env.HOME ?? homedir();
  const edits = WRITERS[client as SetupClient]({ url, key, main, small, home, codexHome: env.CODEX_HOME });
  io.err(`${client}: model ${main.id}, small model ${small.id}, gateway ${url}`);
  for (const edit of edits) {
    const before = existsSync(edit.path) ? readFileSync(edit.path, 'utf8') : undefined;
    const after = edit.content(before);
    if (!flags.write) {
      io.out(`# ${edit.path}`);
      io.out(after.replace(/\n$/, ''));
      continue;
    }
    if (before === after) {
      io.err(`${edit.path}: already up to date`);
      continue;
    }
    io.out(
      createTwoFilesPatch(
        edit.path,
        edit.path,
        before ?? '',
        after,
        before === undefined ? '(new file)' : '',
        '',
      ).trimEnd(),
    );
    mkdirSync(dirname(edit.path), { recursive: true, mode: 0o700 });
    if (before !== undefined) {
      const backup = `${edit.path}.bak-${stamp(now())}`;
      copyFileSync(edit.path, backup);
      chmodSync(backup, 0o600);
      io.err(`backup: ${backup}`);
    }
    writeFileSync(edit.path, after, { mode: 0o600 });
    chmodSync(edit.path, 0o600);
    io.err(`wrote ${edit.path}`);
  }
  if (!flags.write)
    io.err('Nothing written: add --write to write these files (a backup of each existing one is kept).');
  return 0;
}
