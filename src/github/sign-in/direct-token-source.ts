// A fine-grained PAT or a GitHub App installation token with the Copilot Requests permission is
// sent directly as the Copilot bearer; the host comes from GraphQL viewer.copilotEndpoints.api
// (copilot-upstream-2026.md §6). The host is looked up once, and again on refresh().
import type { GitHubApi } from '../api.js';
import type { CopilotToken, CopilotTokenSource } from '../types.js';

/** The token is long-lived: report a distant expiry so nothing schedules a refresh. */
const FAR_SEC = 10 * 365 * 86400;

export function createDirectTokenSource(options: {
  api: Pick<GitHubApi, 'getCopilotEndpoints'>;
  githubToken: string;
  /** Known host (stored with the account): skips the first GraphQL call. */
  apiUrl?: string;
}): CopilotTokenSource {
  let apiUrl = options.apiUrl;
  let inflight: Promise<CopilotToken> | undefined;
  const make = (): CopilotToken => ({
    token: options.githubToken,
    expiresAt: Math.floor(Date.now() / 1000) + FAR_SEC,
    refreshIn: FAR_SEC,
    apiUrl,
    raw: {},
  });
  const lookup = () => {
    inflight ??= options.api
      .getCopilotEndpoints(options.githubToken)
      .then((r) => {
        apiUrl = r.api ?? apiUrl;
        return make();
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };
  return {
    async get() {
      return apiUrl ? make() : lookup();
    },
    refresh: () => lookup(),
    stop() {},
  };
}
