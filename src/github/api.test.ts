import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDENTITY } from '../config/settings.js';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { GatewayError } from '../errors/gateway-error.js';
import { silentLogger } from '../util/log.js';
import { createGitHubApi, type GitHubApi } from './api.js';
import { githubApiUrlFor } from './urls.js';

const GH = 'ghu_test_token_1234';
let emulator: Emulator;
let api: GitHubApi;

beforeAll(async () => {
  emulator = await startEmulator({ githubTokens: [GH], login: 'mona' });
  api = createGitHubApi({
    githubUrl: emulator.githubUrl,
    githubApiUrl: githubApiUrlFor(emulator.githubUrl),
    identity: { ...DEFAULT_IDENTITY, editorVersion: 'vscode/9.9.9' },
    log: silentLogger(),
  });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearFaults());

async function rejection(p: Promise<unknown>): Promise<GatewayError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GatewayError);
  return err as GatewayError;
}

describe('GitHub API against the emulator (GHES-style /api/v3 base)', () => {
  it('reads the signed-in user', async () => {
    expect((await api.getUser(GH)).login).toBe('mona');
  });

  it('exchanges the GitHub token with the Copilot identity headers', async () => {
    const before = emulator.stats.tokenExchanges;
    const token = await api.getCopilotToken(GH);
    expect(emulator.stats.tokenExchanges).toBe(before + 1);
    expect(token.token).toMatch(/^tid=/);
    expect(token.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(token.refreshIn).toBeGreaterThan(0);
    expect(token.apiUrl).toBe(emulator.copilotUrl);
    const req = emulator.requests.filter((r) => r.path.endsWith('/copilot_internal/v2/token')).at(-1);
    expect(req?.path).toBe('/api/v3/copilot_internal/v2/token');
    expect(req?.headers.authorization).toBe(`token ${GH}`);
    expect(req?.headers['editor-version']).toBe('vscode/9.9.9');
    expect(req?.headers['editor-plugin-version']).toBe(DEFAULT_IDENTITY.editorPluginVersion);
    expect(req?.headers['user-agent']).toBe(DEFAULT_IDENTITY.userAgent);
    expect(req?.headers['x-github-api-version']).toBe(DEFAULT_IDENTITY.apiVersion);
  });

  it('reads Copilot usage', async () => {
    const usage = await api.getCopilotUsage(GH);
    expect(usage.login).toBe('mona');
    expect(usage.quota_snapshots?.premium_interactions?.entitlement).toBeGreaterThan(0);
  });

  it('tells the user to run auth again on a bad GitHub token', async () => {
    const err = await rejection(api.getCopilotToken('ghu_revoked_token'));
    expect(err.kind).toBe('authentication');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('run `copilot-gateway auth` again');
  });

  it('passes on the not-entitled message and its URL', async () => {
    emulator.injectFault({
      match: { path: '/copilot_internal/v2/token' },
      fault: {
        kind: 'status',
        status: 404,
        body: {
          message: 'Not Found',
          error_details: {
            message: 'You do not have access to GitHub Copilot.',
            title: 'No access',
            url: 'https://github.com/features/copilot',
            notification_id: 'no_copilot_access',
          },
          can_signup_for_limited: true,
        },
      },
    });
    const err = await rejection(api.getCopilotToken(GH));
    expect(err.kind).toBe('permission');
    expect(err.message).toContain('You do not have access to GitHub Copilot.');
    expect(err.message).toContain('https://github.com/features/copilot');
    expect(err.message).toContain('Copilot Free');
  });

  it('maps a GitHub rate limit with its reset time', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 120;
    emulator.injectFault({
      match: { path: '/copilot_internal/v2/token' },
      fault: {
        kind: 'status',
        status: 403,
        body: {
          message: 'API rate limit exceeded for user ID 1.',
          documentation_url: 'https://docs.github.com',
        },
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      },
    });
    const err = await rejection(api.getCopilotToken(GH));
    expect(err.kind).toBe('rate_limit');
    expect(err.retryable).toBe(true);
    expect(err.retryAfter).toBeGreaterThan(100);
    expect(err.message).toContain('API rate limit exceeded');
  });

  it('marks a GitHub 5xx as retryable', async () => {
    emulator.injectFault({
      match: { path: '/copilot_internal/v2/token' },
      fault: { kind: 'status', status: 502, body: 'bad gateway' },
    });
    const err = await rejection(api.getCopilotToken(GH));
    expect(err.kind).toBe('upstream');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('HTTP 502');
  });

  it('explains an unreachable GitHub', async () => {
    const dead = createGitHubApi({
      githubUrl: 'http://127.0.0.1:1',
      githubApiUrl: 'http://127.0.0.1:1/api/v3',
      identity: DEFAULT_IDENTITY,
      log: silentLogger(),
    });
    const err = await rejection(dead.getUser(GH));
    expect(err.message).toContain('Could not reach GitHub at http://127.0.0.1:1');
    expect(err.retryable).toBe(true);
  });
});
