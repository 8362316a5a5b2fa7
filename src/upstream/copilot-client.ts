// The one place that talks to Copilot, and the one retry loop of the gateway. Everything here
// happens before the first byte reaches the client: connection errors, 5xx and 429 (within
// the retry-after cap) are retried with backoff, and a 401 refreshes the Copilot token once.
import { type Dispatcher, errors as undiciErrors } from 'undici';
import type { Settings } from '../config/settings.js';
import { GatewayError } from '../errors/gateway-error.js';
import { retryAfterSeconds } from '../errors/upstream-error.js';
import type { CopilotTokenSource } from '../github/types.js';
import { fallbackCopilotApiUrl } from '../github/urls.js';
import type { Logger } from '../util/log.js';
import { sleep } from '../util/sleep.js';
import { identityHeaderBlock } from './identity.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from './types.js';
import { dispatchRequest } from './upstream-body.js';

export interface CopilotClientDeps {
  settings: Settings;
  tokens: CopilotTokenSource;
  dispatcher: Dispatcher;
  log: Logger;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export function createCopilotClient(deps: CopilotClientDeps): UpstreamClient {
  const { settings, tokens, dispatcher, log } = deps;
  const identity = identityHeaderBlock(settings.identity);
  const retry = settings.retry;
  // The token goes to this host only: an explicit override, else the token's endpoints.api, else
  // the host of the account type (or ghe.com tenant). Computed once per distinct endpoints.api.
  let lastApiUrl: string | undefined | null = null;
  let lastTarget = { origin: '', path: '' };
  const targetFor = (apiUrl: string | undefined) => {
    if (apiUrl !== lastApiUrl) {
      const base = (
        settings.copilotApiUrl ??
        apiUrl ??
        fallbackCopilotApiUrl(settings.githubUrl, settings.accountType)
      ).replace(/\/+$/, '');
      lastTarget = splitBase(base);
      lastApiUrl = apiUrl;
    }
    return lastTarget;
  };

  async function attempt(
    req: UpstreamRequest,
    payload: string | Buffer | undefined,
  ): Promise<{ res: UpstreamResponse; token: string }> {
    const token = await tokens.get();
    const target = targetFor(token.apiUrl);
    const headers: Record<string, string> = {
      ...identity,
      authorization: `Bearer ${token.token}`,
      'x-request-id': req.traceId,
      'x-agent-task-id': req.traceId,
    };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (req.initiator) headers['x-initiator'] = req.initiator;
    if (req.vision) headers['copilot-vision-request'] = 'true';
    if (req.headers) Object.assign(headers, req.headers);
    // dispatch() never follows redirects: the token reaches the Copilot host and nothing else.
    const res = await dispatchRequest(
      dispatcher,
      {
        origin: target.origin,
        path: target.path + req.endpoint,
        method: req.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers,
        body: payload,
      },
      req.cancel,
    );
    return {
      res: { status: res.status, headers: res.headers, body: res.body, attempts: 0 },
      token: token.token,
    };
  }

  async function send(req: UpstreamRequest): Promise<UpstreamResponse> {
    const payload =
      req.body === undefined || typeof req.body === 'string' || Buffer.isBuffer(req.body)
        ? (req.body as string | Buffer | undefined)
        : JSON.stringify(req.body);
    let refreshed = false;
    let lastError: GatewayError | undefined;
    for (let n = 1; n <= retry.maxAttempts; n++) {
      let res: UpstreamResponse;
      let usedToken: string;
      try {
        ({ res, token: usedToken } = await attempt(req, payload));
      } catch (err) {
        if (req.cancel?.aborted)
          throw new GatewayError('api', 'The client closed the request', {
            status: 499,
            cause: err,
            retryable: false,
          });
        lastError = mapTransportError(err);
        if (!lastError.retryable || n === retry.maxAttempts) throw lastError;
        const delay = backoff(retry.baseDelayMs, n);
        log.warn(
          `upstream ${req.endpoint} failed (${lastError.message}); retry ${n}/${retry.maxAttempts - 1} in ${delay} ms`,
          { trace: req.traceId },
        );
        await sleep(delay, req.cancel);
        continue;
      }
      res.attempts = n;
      if (res.status === 401 && !refreshed) {
        // "unauthorized: token expired": refresh once (shared by concurrent callers) and retry.
        refreshed = true;
        res.body.dump();
        // Requests in flight with the same stale token all land here: only the first refreshes;
        // the others find a newer token already and simply retry with it.
        if ((await tokens.get()).token === usedToken) {
          log.info(
            `Copilot answered 401 on ${req.endpoint}; refreshing the Copilot token and retrying once`,
            {
              trace: req.traceId,
            },
          );
          await tokens.refresh('copilot-401');
        }
        n--; // the refresh retry does not use up an attempt
        continue;
      }
      if (!RETRY_STATUSES.has(res.status) || n === retry.maxAttempts) return res;
      const after = retryAfterSeconds(res.headers);
      if (after !== undefined && after > retry.maxRetryAfterSec) return res; // too long: let the client decide
      const delay = after !== undefined ? after * 1000 : backoff(retry.baseDelayMs, n);
      res.body.dump();
      log.warn(
        `upstream ${req.endpoint} answered ${res.status}; retry ${n}/${retry.maxAttempts - 1} in ${delay} ms`,
        { trace: req.traceId },
      );
      await sleep(delay, req.cancel);
    }
    throw lastError ?? new GatewayError('upstream', 'Copilot could not be reached');
  }

  return {
    send,
    close: async () => {
      await dispatcher.close();
    },
  };
}

/** Origin and path prefix of a base URL (a GHE or proxy base may have a path). */
function splitBase(base: string): { origin: string; path: string } {
  const slash = base.indexOf('/', base.indexOf('//') + 2);
  return slash === -1
    ? { origin: base, path: '' }
    : { origin: base.slice(0, slash), path: base.slice(slash) };
}

function backoff(base: number, attempt: number): number {
  const exp = base * 2 ** (attempt - 1);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** Maps undici/network errors to a GatewayError saying what went wrong and whether to retry. */
export function mapTransportError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  if (err instanceof undiciErrors.HeadersTimeoutError || code === 'UND_ERR_HEADERS_TIMEOUT') {
    // Not retried: Copilot may already be running (and billing) the request.
    return new GatewayError('timeout', 'Copilot did not start answering in time (first-byte timeout)', {
      cause: err,
      retryable: false,
    });
  }
  if (err instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new GatewayError('timeout', 'Timed out connecting to Copilot', { cause: err, retryable: true });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new GatewayError('timeout', 'Copilot went silent for too long (idle timeout)', {
      cause: err,
      retryable: true,
    });
  }
  const transient = [
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENOTFOUND',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
  ];
  if (transient.includes(code) || err instanceof undiciErrors.SocketError) {
    return new GatewayError('upstream', `Could not reach Copilot (${code || e?.message})`, {
      cause: err,
      retryable: true,
    });
  }
  return new GatewayError('upstream', `Copilot request failed: ${e?.message ?? String(err)}`, {
    cause: err,
    retryable: false,
  });
}
