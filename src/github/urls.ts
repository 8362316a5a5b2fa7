// URLs of the GitHub side for github.com, GHE.com tenants (<tenant>.ghe.com) and GitHub
// Enterprise Server (GHES, <host>/api/v3). Pure string functions, no I/O.
import type { AccountType } from './identity.js';

/** Strips trailing slashes so joins never produce `//`. */
export function trimUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The tenant of a GHE.com host (`acme` for `acme.ghe.com`), if it is one. */
export function gheTenant(githubUrl: string): string | undefined {
  const host = new URL(githubUrl).hostname.toLowerCase();
  const m = /^([a-z0-9-]+)\.ghe\.com$/.exec(host);
  return m ? m[1] : undefined;
}

/**
 * github.com → https://api.github.com; <tenant>.ghe.com → https://api.<tenant>.ghe.com;
 * anything else is taken as GHES, whose REST API lives under /api/v3.
 */
export function githubApiUrlFor(githubUrl: string): string {
  const url = new URL(trimUrl(githubUrl));
  const host = url.hostname.toLowerCase();
  if (host === 'github.com' || host === 'www.github.com') return 'https://api.github.com';
  const tenant = gheTenant(githubUrl);
  if (tenant) return `https://api.${tenant}.ghe.com`;
  return `${trimUrl(githubUrl)}/api/v3`;
}

export function copilotApiUrlForAccountType(accountType: AccountType): string {
  switch (accountType) {
    case 'business':
      return 'https://api.business.githubcopilot.com';
    case 'enterprise':
      return 'https://api.enterprise.githubcopilot.com';
    default:
      return 'https://api.githubcopilot.com';
  }
}

/**
 * The Copilot API base when neither an override nor the token's endpoints.api says otherwise.
 * GHE.com tenants have their own host; everything else goes by account type.
 */
export function fallbackCopilotApiUrl(githubUrl: string, accountType: AccountType): string {
  const tenant = gheTenant(githubUrl);
  return tenant ? `https://copilot-api.${tenant}.ghe.com` : copilotApiUrlForAccountType(accountType);
}

export interface GitHubEndpoints {
  deviceCode: string;
  accessToken: string;
  /** Where the user enters the code, when GitHub does not say. */
  deviceVerification: string;
  user: string;
  copilotToken: string;
  copilotUser: string;
}

export function githubEndpoints(githubUrl: string, githubApiUrl: string): GitHubEndpoints {
  const web = trimUrl(githubUrl);
  const api = trimUrl(githubApiUrl);
  return {
    deviceCode: `${web}/login/device/code`,
    accessToken: `${web}/login/oauth/access_token`,
    deviceVerification: `${web}/login/device`,
    user: `${api}/user`,
    copilotToken: `${api}/copilot_internal/v2/token`,
    copilotUser: `${api}/copilot_internal/user`,
  };
}
