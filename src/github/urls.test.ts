import { describe, expect, it } from 'vitest';
import {
  copilotApiUrlForAccountType,
  fallbackCopilotApiUrl,
  gheTenant,
  githubApiUrlFor,
  githubEndpoints,
} from './urls.js';

describe('githubApiUrlFor', () => {
  it('maps github.com to api.github.com', () => {
    expect(githubApiUrlFor('https://github.com')).toBe('https://api.github.com');
    expect(githubApiUrlFor('https://github.com/')).toBe('https://api.github.com');
  });
  it('maps a ghe.com tenant to api.<tenant>.ghe.com', () => {
    expect(githubApiUrlFor('https://acme.ghe.com')).toBe('https://api.acme.ghe.com');
    expect(githubApiUrlFor('https://ACME.ghe.com/')).toBe('https://api.acme.ghe.com');
  });
  it('treats anything else as GHES under /api/v3', () => {
    expect(githubApiUrlFor('https://git.corp.example')).toBe('https://git.corp.example/api/v3');
    expect(githubApiUrlFor('http://127.0.0.1:9000/')).toBe('http://127.0.0.1:9000/api/v3');
  });
  it('does not mistake look-alike hosts for github.com or ghe.com', () => {
    expect(githubApiUrlFor('https://notgithub.com')).toBe('https://notgithub.com/api/v3');
    expect(gheTenant('https://acme.ghe.com.evil.example')).toBeUndefined();
  });
});

describe('Copilot API URLs', () => {
  it('follows the account type', () => {
    expect(copilotApiUrlForAccountType('individual')).toBe('https://api.githubcopilot.com');
    expect(copilotApiUrlForAccountType('business')).toBe('https://api.business.githubcopilot.com');
    expect(copilotApiUrlForAccountType('enterprise')).toBe('https://api.enterprise.githubcopilot.com');
  });
  it('uses the tenant host for ghe.com', () => {
    expect(fallbackCopilotApiUrl('https://acme.ghe.com', 'enterprise')).toBe(
      'https://copilot-api.acme.ghe.com',
    );
    expect(fallbackCopilotApiUrl('https://github.com', 'business')).toBe(
      'https://api.business.githubcopilot.com',
    );
  });
});

describe('githubEndpoints', () => {
  it('puts the device flow on the web host and the rest on the API host', () => {
    const e = githubEndpoints('https://acme.ghe.com/', 'https://api.acme.ghe.com/');
    expect(e.deviceCode).toBe('https://acme.ghe.com/login/device/code');
    expect(e.accessToken).toBe('https://acme.ghe.com/login/oauth/access_token');
    expect(e.user).toBe('https://api.acme.ghe.com/user');
    expect(e.copilotToken).toBe('https://api.acme.ghe.com/copilot_internal/v2/token');
    expect(e.copilotUser).toBe('https://api.acme.ghe.com/copilot_internal/user');
  });
});

describe('graphql endpoint', () => {
  it('is /graphql on api.github.com and /api/graphql on GHES', () => {
    expect(githubEndpoints('https://github.com', 'https://api.github.com').graphql).toBe(
      'https://api.github.com/graphql',
    );
    expect(githubEndpoints('https://ghe.corp', 'https://ghe.corp/api/v3').graphql).toBe(
      'https://ghe.corp/api/graphql',
    );
  });
});
