// The process's one GitHub client: the GitHub API over the process's one outbound dispatcher
// (keep-alive pool, or --proxy-env's proxy agent). The CLI commands and the gateway share it.
import type { Dispatcher } from 'undici';
import type { Settings } from '../config/settings.js';
import { createGitHubApi, type GitHubApi } from '../github/api.js';
import type { Logger } from '../util/log.js';
import { createDispatcher } from './dispatcher.js';

export interface GitHubClient {
  api: GitHubApi;
  /** The outbound dispatcher every upstream call of this process uses. */
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

export function createGitHubClient(settings: Settings, log: Logger): GitHubClient {
  const dispatcher = createDispatcher(settings);
  const api = createGitHubApi({
    githubUrl: settings.githubUrl,
    githubApiUrl: settings.githubApiUrl,
    identity: settings.identity,
    dispatcher,
    log,
  });
  return { api, dispatcher, close: () => dispatcher.close() };
}
