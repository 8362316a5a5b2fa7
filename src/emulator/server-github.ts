// The GitHub side: OAuth device flow, /user, Copilot token exchange and the usage API, served at
// '/' and under '/api/v3' (GHES style).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyPreFault } from './apply-fault.js';
import {
  EmulatorHttpError,
  lowerHeaders,
  parseLoose,
  pushBounded,
  readBody,
  sendError,
  sendJson,
  sendText,
  splitUrl,
} from './http-util.js';
import { type EmulatorState, REQUEST_LOG_MAX } from './state.js';
import { skuFor } from './tokens.js';
import type { EmulatorUser } from './users.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const ERROR_URI =
  'https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow';
const DESCRIPTIONS: Record<string, string> = {
  authorization_pending: 'The authorization request is still pending.',
  slow_down: 'Too many requests have been made in the same timeframe.',
  expired_token: 'The `device_code` has expired.',
  access_denied: 'The authorization request was denied.',
  incorrect_device_code: 'The device_code provided is not valid.',
  incorrect_client_credentials: 'The client_id and/or client_secret passed are incorrect.',
  unsupported_grant_type: 'The grant type is not supported.',
};

interface DeviceCode {
  polls: number;
  interval: number;
  expiresAtMs: number;
}

function badCredentials(): EmulatorHttpError {
  return new EmulatorHttpError(401, {
    message: 'Bad credentials',
    documentation_url: 'https://docs.github.com/rest',
    status: '401',
  });
}

export function createGithubHandler(state: EmulatorState) {
  const devices = new Map<string, DeviceCode>();

  function githubUser(headers: Record<string, string>): EmulatorUser {
    const auth = headers.authorization ?? '';
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(auth.trim());
    const user = m ? state.users.byGithubToken(m[1]) : undefined;
    if (!user) throw badCredentials();
    return user;
  }

  /** Form-encoded unless the client asked for JSON (GitHub's OAuth endpoints do this). */
  function oauthReply(
    res: ServerResponse,
    headers: Record<string, string>,
    body: Record<string, string | number>,
  ) {
    if ((headers.accept ?? '').includes('application/json')) return sendJson(res, 200, body);
    const form = new URLSearchParams(
      Object.entries(body).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    res.end(form);
  }

  function oauthError(res: ServerResponse, headers: Record<string, string>, error: string, extra = {}) {
    oauthReply(res, headers, {
      error,
      error_description: DESCRIPTIONS[error] ?? error,
      error_uri: ERROR_URI,
      ...extra,
    });
  }

  function formOrJson(raw: string): Record<string, unknown> {
    const parsed = parseLoose(raw);
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(raw));
  }

  function deviceCode(res: ServerResponse, headers: Record<string, string>, body: Record<string, unknown>) {
    if (typeof body.client_id !== 'string' || body.client_id === '') {
      return oauthError(res, headers, 'incorrect_client_credentials');
    }
    const code = randomBytes(20).toString('hex');
    const flow = state.deviceFlow;
    devices.set(code, { polls: 0, interval: flow.interval, expiresAtMs: Date.now() + flow.expiresIn * 1000 });
    state.stats.deviceCodes += 1;
    oauthReply(res, headers, {
      device_code: code,
      user_code: 'ABCD-1234',
      verification_uri: 'https://github.com/login/device',
      expires_in: flow.expiresIn,
      interval: flow.interval,
    });
  }

  function accessToken(res: ServerResponse, headers: Record<string, string>, body: Record<string, unknown>) {
    if (typeof body.client_id !== 'string' || body.client_id === '') {
      return oauthError(res, headers, 'incorrect_client_credentials');
    }
    if (body.grant_type !== DEVICE_GRANT) return oauthError(res, headers, 'unsupported_grant_type');
    const device = typeof body.device_code === 'string' ? devices.get(body.device_code) : undefined;
    if (!device) return oauthError(res, headers, 'incorrect_device_code');
    if (Date.now() >= device.expiresAtMs) return oauthError(res, headers, 'expired_token');
    device.polls += 1;
    const flow = state.deviceFlow;
    if (flow.slowDownOnPoll.includes(device.polls)) {
      device.interval += 5;
      return oauthError(res, headers, 'slow_down', { interval: device.interval });
    }
    // Slow-down polls do not count towards the pending ones.
    const counted = device.polls - flow.slowDownOnPoll.filter((p) => p <= device.polls).length;
    if (counted <= flow.pendingPolls) return oauthError(res, headers, 'authorization_pending');
    if (flow.outcome !== 'grant') return oauthError(res, headers, flow.outcome);
    oauthReply(res, headers, {
      access_token: state.users.list[0].token,
      token_type: 'bearer',
      scope: 'read:user',
    });
  }

  function copilotToken(res: ServerResponse, user: EmulatorUser) {
    // A fine-grained PAT or an App installation token is itself the Copilot bearer (§6).
    if (user.kind !== 'oauth')
      throw new EmulatorHttpError(403, {
        message: 'Resource not accessible by personal access token',
        documentation_url: 'https://docs.github.com/rest',
        status: '403',
      });
    const t = state.tokens.issue(user, user.plan);
    state.stats.tokenExchanges += 1;
    const api = state.copilotUrl;
    sendJson(res, 200, {
      token: t.token,
      expires_at: t.expiresAt,
      refresh_in: t.refreshIn,
      sku: t.sku,
      individual: user.plan === 'individual',
      chat_enabled: true,
      codesearch: true,
      public_suggestions: 'disabled',
      telemetry: 'disabled',
      limited_user_quotas: null,
      limited_user_reset_date: null,
      organization_list: [],
      tracking_id: randomBytes(8).toString('hex'),
      annotations_enabled: true,
      xcode: true,
      prompt_8k: true,
      // Every host points at this emulator; the real reply names *.<plan>.githubcopilot.com.
      endpoints: { api, 'origin-tracker': api, proxy: api, telemetry: api },
    });
  }

  /** The one GraphQL query the gateway sends: `viewer { login copilotEndpoints { api } }`. */
  function graphql(res: ServerResponse, user: EmulatorUser, raw: string) {
    const body = parseLoose(raw) as { query?: unknown } | undefined;
    const query = typeof body?.query === 'string' ? body.query : '';
    if (!/viewer/.test(query))
      return sendJson(res, 200, { errors: [{ message: 'The emulator answers only viewer queries' }] });
    const viewer: Record<string, unknown> = { login: user.login };
    if (/copilotEndpoints/.test(query)) viewer.copilotEndpoints = { api: state.copilotUrl };
    return sendJson(res, 200, { data: { viewer } });
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    headers: Record<string, string>,
    raw: string,
  ) {
    const method = req.method ?? 'GET';
    if (method === 'POST' && path === '/login/device/code') return deviceCode(res, headers, formOrJson(raw));
    if (method === 'POST' && path === '/login/oauth/access_token')
      return accessToken(res, headers, formOrJson(raw));
    if (method === 'GET' && path === '/user') {
      const user = githubUser(headers);
      return sendJson(res, 200, {
        login: user.login,
        id: 583231,
        node_id: 'MDQ6VXNlcjU4MzIzMQ==',
        name: 'The Octocat',
        type: 'User',
      });
    }
    if (method === 'GET' && path === '/copilot_internal/v2/token') {
      return copilotToken(res, githubUser(headers));
    }
    if (method === 'GET' && path === '/copilot_internal/user') {
      const user = githubUser(headers);
      return sendJson(res, 200, user.quota.userInfo(user.login, state.copilotUrl, skuFor(user.plan)));
    }
    if (method === 'POST' && (path === '/graphql' || path === '/api/graphql'))
      return graphql(res, githubUser(headers), raw);
    throw new EmulatorHttpError(404, {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { path: fullPath, query } = splitUrl(req.url);
    const headers = lowerHeaders(req);
    const raw = (await readBody(req)).toString('utf8');
    pushBounded(
      state.requests,
      {
        server: 'github',
        method: req.method ?? 'GET',
        path: fullPath,
        query,
        headers,
        body: parseLoose(raw),
        at: Date.now(),
      },
      REQUEST_LOG_MAX,
    );
    const path = fullPath.startsWith('/api/v3/') ? fullPath.slice('/api/v3'.length) : fullPath;
    try {
      const fault = state.faults.takePre({ server: 'github', paths: [fullPath, path] });
      if (fault && (await applyPreFault(fault, req, res, state, 'github'))) return;
      await route(req, res, path, headers, raw);
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      if (err instanceof EmulatorHttpError) return sendError(res, err);
      sendText(res, 500, `emulator error: ${(err as Error).message}`);
    }
  };
}
