// `--github-token-file <path>`: the GitHub token from a file, or from stdin with `-`, so it never
// shows in `ps` or the shell history the way `--github-token` does.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/errors.js';

export async function readTokenInput(
  file: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  let text: string;
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`Cannot read --github-token-file ${file}: ${(err as Error).message}`);
    }
  }
  const token = text.trim().split(/\s+/)[0] ?? '';
  if (!token) throw new ConfigError(`--github-token-file ${file === '-' ? '(stdin)' : file} holds no token`);
  return token;
}
