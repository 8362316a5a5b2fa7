// One Copilot token source per account, by sign-in kind: the OAuth kinds (device flow, a
// `--github-token` gho_/ghu_) exchange at copilot_internal/v2/token; PAT and App tokens are the
// bearer themselves.
import type { AccountKind } from '../../store/accounts/types.js';
import type { Logger } from '../../util/log.js';
import type { GitHubApi } from '../api.js';
import { createCopilotTokenSource } from '../copilot-token-source.js';
import type { CopilotTokenSource } from '../types.js';
import { createDirectTokenSource } from './direct-token-source.js';
import { isDirectKind } from './kind.js';

export function tokenSourceFor(options: {
  kind: AccountKind;
  api: GitHubApi;
  githubToken: string;
  apiUrl?: string;
  log: Logger;
}): CopilotTokenSource {
  if (isDirectKind(options.kind))
    return createDirectTokenSource({
      api: options.api,
      githubToken: options.githubToken,
      apiUrl: options.apiUrl,
    });
  return createCopilotTokenSource({ api: options.api, githubToken: options.githubToken, log: options.log });
}
