// The interactive part of signing in: show the code, wait for the user, store the token.
import { dataPaths } from '../config/paths.js';
import { writeGithubToken } from '../config/store.js';
import type { GitHubApi } from '../github/api.js';
import { runDeviceFlow } from '../github/device-flow.js';
import type { CliIO } from './io.js';

export interface DeviceLoginOptions {
  api: GitHubApi;
  dataDir: string;
  io: CliIO;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Runs the device flow, stores the token (0600) and returns it. */
export async function deviceLogin(options: DeviceLoginOptions): Promise<{ token: string; file: string }> {
  const { io } = options;
  const token = await runDeviceFlow({
    api: options.api,
    signal: options.signal,
    sleep: options.sleep,
    onCode: (code) => {
      const minutes = Math.max(1, Math.round(code.expiresIn / 60));
      io.err('');
      io.err('  Sign in to GitHub to use your Copilot subscription.');
      io.err(`  1. Open:            ${code.verificationUri}`);
      io.err(`  2. Enter the code:  ${code.userCode}`);
      io.err(`  (the code is valid for ${minutes} minute${minutes === 1 ? '' : 's'})`);
      io.err('');
      io.err(`Waiting for you to authorize in the browser (checking every ${code.interval} s)…`);
    },
  });
  const paths = dataPaths(options.dataDir);
  writeGithubToken(paths, token);
  return { token, file: paths.githubTokenFile };
}
