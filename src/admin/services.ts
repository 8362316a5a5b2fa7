// What the admin API keeps per gateway (on the gateway context, no module state): when the gateway
// started, the device-flow sign-ins in progress, the GitHub client accounts are signed in with,
// and the OpenAPI document once built.
import type { GitHubApi } from '../github/api.js';
import type { StateStore } from '../store/state-store.js';
import type { Logger } from '../util/log.js';
import { createDeviceFlows, type DeviceFlows } from './accounts/device-flows.js';

export interface AdminServices {
  startedAt: number;
  /** The GitHub client of the gateway's GitHub URL (the one `start` signed in with). */
  github: GitHubApi;
  githubUrl: string;
  deviceFlows: DeviceFlows;
  /** The generated OpenAPI document (built on first ask). */
  openApi?: Record<string, unknown>;
  /** The JSON Schema of config.json (built on first ask). */
  configSchema?: Record<string, unknown>;
  close(): void;
}

export function createAdminServices(deps: {
  github: GitHubApi;
  githubUrl: string;
  store: StateStore;
  log: Logger;
  now?: () => number;
}): AdminServices {
  const deviceFlows = createDeviceFlows({
    api: deps.github,
    accounts: deps.store.accounts,
    githubUrl: deps.githubUrl,
    log: deps.log,
    now: deps.now,
  });
  return {
    startedAt: (deps.now ?? Date.now)(),
    github: deps.github,
    githubUrl: deps.githubUrl,
    deviceFlows,
    close: () => deviceFlows.close(),
  };
}
