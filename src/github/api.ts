// The GitHub HTTP calls the gateway makes: the OAuth device flow, the signed-in user, the
// Copilot token exchange and the Copilot usage/quota report. Every failure becomes a GatewayError
// with a message a person can act on (see ./errors.ts).
import { type Dispatcher, request } from 'undici';
import { GatewayError } from '../errors/gateway-error.js';
import type { Logger } from '../util/log.js';
import { githubError, githubNetworkError } from './errors.js';
import type { IdentityHeaders } from './identity.js';
import type { CopilotToken, GitHubUser } from './types.js';
import { githubEndpoints } from './urls.js';
import type { CopilotUsage } from './usage-types.js';

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** Seconds the code stays valid. */
  expiresIn: number;
  /** Seconds to wait between polls. */
  interval: number;
}

export type DevicePollResult =
  | { kind: 'granted'; accessToken: string; scope?: string }
  | { kind: 'pending' }
  | { kind: 'slow_down'; interval?: number }
  | { kind: 'error'; error: string; description?: string };

export interface GitHubApi {
  startDeviceFlow(clientId: string, options?: { scope?: string; signal?: AbortSignal }): Promise<DeviceCode>;
  pollDeviceFlow(
    clientId: string,
    deviceCode: string,
    options?: { signal?: AbortSignal },
  ): Promise<DevicePollResult>;
  getUser(githubToken: string, options?: { signal?: AbortSignal }): Promise<GitHubUser>;
  getCopilotToken(githubToken: string, options?: { signal?: AbortSignal }): Promise<CopilotToken>;
  getCopilotUsage(githubToken: string, options?: { signal?: AbortSignal }): Promise<CopilotUsage>;
}

export interface GitHubApiOptions {
  githubUrl: string;
  githubApiUrl: string;
  identity: IdentityHeaders;
  dispatcher?: Dispatcher;
  log: Logger;
}

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Parses JSON, or form-urlencoded (GitHub's OAuth default without Accept: json), else keeps the text. */
function parseBody(text: string, contentType: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || contentType.includes('json')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  if (contentType.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(trimmed));
  return text;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

export function createGitHubApi(options: GitHubApiOptions): GitHubApi {
  const urls = githubEndpoints(options.githubUrl, options.githubApiUrl);
  const { identity, log } = options;

  async function call(
    what: string,
    url: string,
    init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: unknown; signal?: AbortSignal },
  ): Promise<RawReply> {
    log.debug('github request', { method: init.method, url });
    try {
      const res = await request(url, {
        method: init.method,
        headers: init.headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        dispatcher: options.dispatcher,
        signal: init.signal,
      });
      const text = await res.body.text();
      const contentType = String(res.headers['content-type'] ?? '');
      log.debug('github response', { url, status: res.statusCode });
      return { status: res.statusCode, headers: res.headers, body: parseBody(text, contentType) };
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw githubNetworkError(what, url, err);
    }
  }

  const oauthHeaders = {
    accept: 'application/json',
    'content-type': 'application/json',
    'user-agent': identity.userAgent,
  };

  // Reference §2: the word "token", not Bearer; the editor headers identify us as Copilot Chat.
  const apiHeaders = (githubToken: string): Record<string, string> => ({
    authorization: `token ${githubToken}`,
    accept: 'application/json',
    'editor-version': identity.editorVersion,
    'editor-plugin-version': identity.editorPluginVersion,
    'user-agent': identity.userAgent,
    'x-github-api-version': identity.apiVersion,
  });

  function expectObject(what: string, reply: RawReply): Record<string, unknown> {
    if (reply.status < 200 || reply.status >= 300)
      throw githubError(what, reply.status, reply.body, reply.headers);
    if (!reply.body || typeof reply.body !== 'object' || Array.isArray(reply.body)) {
      throw new GatewayError(
        'upstream',
        `GitHub sent a reply that is not a JSON object while ${what} (HTTP ${reply.status})`,
        {
          retryable: false,
        },
      );
    }
    return reply.body as Record<string, unknown>;
  }

  return {
    async startDeviceFlow(clientId, opts = {}) {
      const what = 'starting the device login';
      const reply = await call(what, urls.deviceCode, {
        method: 'POST',
        headers: oauthHeaders,
        body: { client_id: clientId, scope: opts.scope ?? 'read:user' },
        signal: opts.signal,
      });
      const body = expectObject(what, reply);
      if (str(body.error)) {
        throw new GatewayError(
          'invalid_request',
          `GitHub refused the device login: ${str(body.error_description) ?? str(body.error)}`,
          { code: str(body.error), retryable: false },
        );
      }
      const deviceCode = str(body.device_code);
      const userCode = str(body.user_code);
      if (!deviceCode || !userCode) {
        throw new GatewayError('upstream', 'GitHub’s device-code reply lacks device_code or user_code', {
          retryable: false,
        });
      }
      return {
        deviceCode,
        userCode,
        verificationUri: str(body.verification_uri) ?? urls.deviceVerification,
        expiresIn: num(body.expires_in) ?? 900,
        interval: num(body.interval) ?? 5,
      };
    },

    async pollDeviceFlow(clientId, deviceCode, opts = {}) {
      const what = 'waiting for the device login';
      const reply = await call(what, urls.accessToken, {
        method: 'POST',
        headers: oauthHeaders,
        body: {
          client_id: clientId,
          device_code: deviceCode,
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        },
        signal: opts.signal,
      });
      // OAuth errors arrive as HTTP 200 with {error, error_description}; some proxies use 400.
      const body = (reply.body && typeof reply.body === 'object' ? reply.body : {}) as Record<
        string,
        unknown
      >;
      const error = str(body.error);
      if (error === 'authorization_pending') return { kind: 'pending' };
      if (error === 'slow_down') return { kind: 'slow_down', interval: num(body.interval) };
      if (error) return { kind: 'error', error, description: str(body.error_description) };
      const obj = expectObject(what, reply);
      const accessToken = str(obj.access_token);
      if (!accessToken) {
        throw new GatewayError('upstream', 'GitHub’s device-login reply has neither access_token nor error', {
          retryable: false,
        });
      }
      return { kind: 'granted', accessToken, scope: str(obj.scope) };
    },

    async getUser(githubToken, opts = {}) {
      const what = 'reading the signed-in GitHub user';
      const body = expectObject(
        what,
        await call(what, urls.user, { method: 'GET', headers: apiHeaders(githubToken), signal: opts.signal }),
      );
      const login = str(body.login);
      if (!login)
        throw new GatewayError('upstream', 'GitHub’s /user reply has no login', { retryable: false });
      return { login, id: num(body.id), name: typeof body.name === 'string' ? body.name : null };
    },

    async getCopilotToken(githubToken, opts = {}) {
      const what = 'exchanging the GitHub token for a Copilot token';
      const body = expectObject(
        what,
        await call(what, urls.copilotToken, {
          method: 'GET',
          headers: apiHeaders(githubToken),
          signal: opts.signal,
        }),
      );
      const token = str(body.token);
      const expiresAt = num(body.expires_at);
      const refreshIn = num(body.refresh_in);
      if (!token || expiresAt === undefined || refreshIn === undefined) {
        throw new GatewayError(
          'upstream',
          'GitHub’s Copilot token reply lacks token, expires_at or refresh_in',
          {
            retryable: true,
          },
        );
      }
      const endpoints =
        body.endpoints && typeof body.endpoints === 'object'
          ? (body.endpoints as Record<string, unknown>)
          : {};
      return { token, expiresAt, refreshIn, apiUrl: str(endpoints.api), sku: str(body.sku), raw: body };
    },

    async getCopilotUsage(githubToken, opts = {}) {
      const what = 'reading Copilot usage';
      const body = expectObject(
        what,
        await call(what, urls.copilotUser, {
          method: 'GET',
          headers: apiHeaders(githubToken),
          signal: opts.signal,
        }),
      );
      return body as CopilotUsage;
    },
  };
}
