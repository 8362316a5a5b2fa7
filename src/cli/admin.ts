// `copilot-gateway admin set-password`: sets (or replaces) the admin password, read from stdin:
// a pipe (`printf '%s\n' "$PW" | copilot-gateway admin set-password`) or the terminal (not echoed).
import { createInterface } from 'node:readline';
import { hashPassword, passwordProblem } from '../admin/auth/password.js';
import { ConfigError } from '../config/errors.js';
import type { Env } from '../config/paths.js';
import { openStateStore } from '../store/open-state-store.js';
import type { CliIO } from './io.js';
import { type StateFlags, stateLocation } from './state-location.js';

type TtyInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => void };

/** A terminal in raw mode, so the typed password is not echoed. */
function readFromTerminal(input: TtyInput): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    input.setRawMode?.(true);
    const finish = (err?: Error) => {
      input.setRawMode?.(false);
      input.removeListener('data', onData);
      input.pause();
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new ConfigError('Cancelled'));
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

export function readSecretLine(input: TtyInput, io: CliIO, prompt: string): Promise<string> {
  if (input.isTTY === true && input.setRawMode) {
    io.err(prompt);
    return readFromTerminal(input);
  }
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input, terminal: false });
    let done = false;
    rl.once('line', (line) => {
      done = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!done) reject(new ConfigError('No password given on stdin'));
    });
  });
}

export async function runAdminSetPassword(
  flags: StateFlags,
  env: Env,
  io: CliIO,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const password = (await readSecretLine(stdin, io, 'New admin password:')).replace(/\r$/, '');
  const problem = passwordProblem(password);
  if (problem) throw new ConfigError(problem);
  const state = await openStateStore(stateLocation(flags, env));
  try {
    await state.admin.setPasswordHash(await hashPassword(password));
  } finally {
    await state.close();
  }
  io.out('Admin password set. Sign in at /admin (restart a running gateway to end its sessions).');
  return 0;
}
