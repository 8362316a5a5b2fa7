// Builds the GitHub API client a command needs from its settings.
import type { Settings } from '../config/settings.js';
import { createGitHubApi, type GitHubApi } from '../github/api.js';
import { createDispatcher } from '../upstream/dispatcher.js';
import type { Logger } from '../util/log.js';

export interface GitHubClient {
  api: GitHubApi;
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
  return { api, close: () => dispatcher.close() };
}
