// Where the gateway keeps its files. Precedence: --data-dir > COPILOT_GATEWAY_HOME >
// $XDG_DATA_HOME/copilot-gateway > ~/.local/share/copilot-gateway. Pure: the caller passes env and home.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DataPaths {
  dataDir: string;
  /** The GitHub OAuth token, mode 0600. */
  githubTokenFile: string;
  /** Optional settings file (see ./schema.ts). */
  configFile: string;
}

export type Env = Record<string, string | undefined>;

export function resolveDataDir(flag: string | undefined, env: Env, home: string = homedir()): string {
  if (flag) return resolve(flag);
  if (env.COPILOT_GATEWAY_HOME) return resolve(env.COPILOT_GATEWAY_HOME);
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  if (xdg?.startsWith('/')) return join(xdg, 'copilot-gateway');
  return join(home, '.local', 'share', 'copilot-gateway');
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    dataDir,
    githubTokenFile: join(dataDir, 'github_token'),
    configFile: join(dataDir, 'config.json'),
  };
}
