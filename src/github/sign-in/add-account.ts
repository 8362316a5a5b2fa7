// Signing an account in from a GitHub token and storing it: the kind from the token's prefix
// (an unprefixed token that v2/token refuses with 403 is tried as a direct Copilot bearer), the
// login from /user or GraphQL, the Copilot host and plan from the token, checked before storing.
import { GatewayError, isGatewayError } from '../../errors/gateway-error.js';
import type { Account, AccountKind, AccountsRepo } from '../../store/accounts/types.js';
import type { GitHubApi } from '../api.js';
import { isDirectKind, isOAuthPrefixed, tokenKindOf } from './kind.js';

export interface AddAccountInput {
  token: string;
  githubUrl: string;
  label?: string;
  priority?: number;
  proxyUrl?: string;
}

export interface SignedIn {
  login: string;
  kind: AccountKind;
  copilotApiUrl?: string;
  accountType?: string;
}

const PLAN_OF_SKU: [RegExp, string][] = [
  [/enterprise/, 'enterprise'],
  [/business/, 'business'],
];

/** Checks the token against GitHub and Copilot; throws GitHub's own explanation when it fails. */
export async function signIn(api: GitHubApi, token: string): Promise<SignedIn> {
  const kind = tokenKindOf(token);
  if (!isDirectKind(kind)) {
    try {
      const t = await api.getCopilotToken(token);
      const user = await api.getUser(token);
      const sku = t.sku ?? '';
      const accountType = PLAN_OF_SKU.find(([re]) => re.test(sku))?.[1] ?? 'individual';
      return { login: user.login, kind, copilotApiUrl: t.apiUrl, accountType };
    } catch (err) {
      // v2/token answers 403 for a token that must be used directly (§6 of the 2026 addendum);
      // an unprefixed (classic or unknown) token may be one. A gho_/ghu_ 403 is "no Copilot".
      if (!(isGatewayError(err) && err.status === 403) || isOAuthPrefixed(token)) throw err;
      return signInDirect(api, token, 'pat').catch(() => {
        throw err;
      });
    }
  }
  return signInDirect(api, token, kind);
}

async function signInDirect(api: GitHubApi, token: string, kind: AccountKind): Promise<SignedIn> {
  const endpoints = await api.getCopilotEndpoints(token);
  if (!endpoints.api)
    throw new GatewayError(
      'permission',
      'GitHub names no Copilot API host for this token (GraphQL viewer.copilotEndpoints): give it the "Copilot Requests" permission',
      { status: 403, retryable: false },
    );
  const login = endpoints.login ?? (await api.getUser(token)).login;
  return { login, kind, copilotApiUrl: endpoints.api };
}

/** Finds the stored account with this token, if any (tokens are compared, never printed). */
export async function findByToken(repo: AccountsRepo, token: string): Promise<Account | undefined> {
  for (const a of await repo.list()) if ((await repo.token(a.id)) === token) return a;
  return undefined;
}

/** Signs in and stores the account; an account already holding this token is returned as is. */
export async function addAccount(
  api: GitHubApi,
  repo: AccountsRepo,
  input: AddAccountInput,
): Promise<{ account: Account; added: boolean }> {
  const existing = await findByToken(repo, input.token);
  if (existing) return { account: existing, added: false };
  const who = await signIn(api, input.token);
  const account = await repo.add({
    token: input.token,
    githubUrl: input.githubUrl,
    label: input.label,
    priority: input.priority,
    proxyUrl: input.proxyUrl,
    login: who.login,
    kind: who.kind,
    copilotApiUrl: who.copilotApiUrl,
    accountType: who.accountType,
  });
  return { account, added: true };
}
