// Which sign-in kind a GitHub token is, from its documented prefix
// (https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/).
import type { AccountKind } from '../../store/accounts/types.js';

export function tokenKindOf(token: string): AccountKind {
  if (token.startsWith('github_pat_')) return 'pat';
  if (token.startsWith('ghs_')) return 'app';
  return 'oauth';
}

/** An OAuth token by its prefix (gho_ OAuth app, ghu_ GitHub App user-to-server). */
export function isOAuthPrefixed(token: string): boolean {
  return token.startsWith('gho_') || token.startsWith('ghu_');
}

/** Kinds whose token is itself the Copilot bearer (no v2/token exchange). */
export function isDirectKind(kind: AccountKind): boolean {
  return kind === 'pat' || kind === 'app';
}
