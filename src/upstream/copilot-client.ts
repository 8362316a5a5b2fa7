// The one place that talks to Copilot, and the one retry loop of the gateway. Everything here
// happens before the first byte reaches the client. Per account: connection errors, 5xx and 429
// (within the retry-after cap) are retried with backoff, and a 401 refreshes the Copilot token
// once. Across accounts (the pool, ./accounts/): an account that hits its quota or a session /
// weekly limit, is blocked, keeps answering 401 after a refresh, or cannot be reached, cools
// down and the request fails over to the next account; when none is left the client gets a 429
// naming the soonest reset.
import type { AccountType, Settings } from '../config/settings.js';
import { GatewayError } from '../errors/gateway-error.js';
import { retryAfterSeconds } from '../errors/upstream-error.js';
import { fallbackCopilotApiUrl } from '../github/urls.js';
import { extend } from '../util/extend.js';
import type { Logger } from '../util/log.js';
import { sleep } from '../util/sleep.js';
import { judgeFailure, UNKNOWN_RESET_MS } from './accounts/limits.js';
import { moveConversationBody } from './accounts/move-conversation.js';
import type { AccountPool, PoolMember } from './accounts/pool.js';
import type { Admission } from './admission.js';
import { mapTransportError } from './transport-error.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from './types.js';
import { dispatchRequest, UpstreamBody } from './upstream-body.js';

export { mapTransportError };

export interface CopilotClientDeps {
  settings: Settings;
  /** The accounts (each with its dispatcher); the shared dispatcher is the GitHub client's. */
  pool: AccountPool;
  log: Logger;
  /** Slots for client requests talking to Copilot (requests without a `cancel` take none). */
  admission?: Admission;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Statuses whose (small) error body is read to decide whether the account must fail over. */
const JUDGED_STATUSES = new Set([402, 403, 429]);
const MAX_JUDGED_BODY = 64 * 1024;

type Payload = string | Buffer | undefined;

/** What one account made of a request. */
type MemberOutcome =
  | { kind: 'response'; res: UpstreamResponse }
  | { kind: 'failover'; res?: UpstreamResponse; error?: GatewayError };

export function createCopilotClient(deps: CopilotClientDeps): UpstreamClient {
  const { settings, pool, log, admission } = deps;
  /** Response bodies still being read (for interruptAll at shutdown). */
  const open = new Set<UpstreamResponse['body']>();
  const retry = settings.retry;
  // The token goes to this host only: an explicit override, else the token's endpoints.api, else
  // the host of the account type (or ghe.com tenant). Cached per member and distinct endpoints.api.
  const targets = new WeakMap<PoolMember, { apiUrl: string | undefined; origin: string; path: string }>();
  const targetFor = (m: PoolMember, apiUrl: string | undefined) => {
    const hit = targets.get(m);
    if (hit && hit.apiUrl === apiUrl) return hit;
    const type = (m.account.accountType ?? settings.accountType) as AccountType;
    const base = (
      settings.copilotApiUrl ??
      apiUrl ??
      m.account.copilotApiUrl ??
      fallbackCopilotApiUrl(m.account.githubUrl, type)
    ).replace(/\/+$/, '');
    const t = { apiUrl, ...splitBase(base) };
    targets.set(m, t);
    return t;
  };

  async function attempt(
    m: PoolMember,
    req: UpstreamRequest,
    payload: Payload,
  ): Promise<{ res: UpstreamResponse; token: string }> {
    const token = await m.tokens.get();
    const target = targetFor(m, token.apiUrl);
    const headers: Record<string, string> = extend(m.identity(), {
      authorization: `Bearer ${token.token}`,
      'x-request-id': req.traceId,
      'x-agent-task-id': req.traceId,
    });
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (req.initiator) headers['x-initiator'] = req.initiator;
    if (req.vision) headers['copilot-vision-request'] = 'true';
    if (req.headers) Object.assign(headers, req.headers);
    // dispatch() never follows redirects: the token reaches the Copilot host and nothing else.
    const res = await dispatchRequest(
      m.dispatcher,
      {
        origin: target.origin,
        path: target.path + req.endpoint,
        method: req.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers,
        body: payload,
      },
      req.cancel,
    );
    const body = res.body;
    open.add(body);
    body.whenSettled(() => open.delete(body));
    return {
      res: { status: res.status, headers: res.headers, body, attempts: 0, accountId: m.id },
      token: token.token,
    };
  }

  /**
   * The retry loop on one account. `alternatives`: whether another account could take over now;
   * `pooled`: whether the pool has other accounts at all. With a single account nothing cools
   * down: Copilot's own answer goes to the client, exactly as without a pool.
   */
  async function onMember(
    m: PoolMember,
    req: UpstreamRequest,
    payload: Payload,
    alternatives: boolean,
    pooled: boolean,
  ): Promise<MemberOutcome> {
    let refreshed = false;
    let lastError: GatewayError | undefined;
    for (let n = 1; n <= retry.maxAttempts; n++) {
      let res: UpstreamResponse;
      let usedToken: string;
      try {
        ({ res, token: usedToken } = await attempt(m, req, payload));
      } catch (err) {
        if (req.cancel?.aborted)
          throw new GatewayError('api', 'The client closed the request', {
            status: 499,
            cause: err,
            retryable: false,
          });
        lastError = mapTransportError(err);
        if (!lastError.retryable) {
          // The Copilot token exchange itself failed for good (revoked, no Copilot): fail over.
          if (alternatives && isAccountError(lastError)) {
            pool.coolDown(m, pool.now() + UNKNOWN_RESET_MS, lastError.message, true);
            return { kind: 'failover', error: lastError };
          }
          throw lastError;
        }
        if (alternatives) {
          log.warn(
            `upstream ${req.endpoint} via ${m.account.label} failed (${lastError.message}); failing over`,
            {
              trace: req.traceId,
            },
          );
          return { kind: 'failover', error: lastError };
        }
        if (n === retry.maxAttempts) throw lastError;
        const delay = backoff(retry.baseDelayMs, n);
        log.warn(
          `upstream ${req.endpoint} failed (${lastError.message}); retry ${n}/${retry.maxAttempts - 1} in ${delay} ms`,
          { trace: req.traceId },
        );
        await sleep(delay, req.cancel);
        continue;
      }
      res.attempts = n;
      if (res.status === 401 && (!refreshed || pooled)) {
        res.body.dump();
        if (!refreshed) {
          // "unauthorized: token expired": refresh once (shared by concurrent callers) and retry.
          refreshed = true;
          // Requests in flight with the same stale token all land here: only the first refreshes;
          // the others find a newer token already and simply retry with it.
          if ((await m.tokens.get()).token === usedToken) {
            log.info(
              `Copilot answered 401 on ${req.endpoint}; refreshing the Copilot token of ${m.account.label} and retrying once`,
              { trace: req.traceId },
            );
            await m.tokens.refresh('copilot-401');
          }
          n--; // the refresh retry does not use up an attempt
          continue;
        }
        // A 401 that a fresh token does not cure: this account is failing.
        pool.coolDown(m, pool.now() + UNKNOWN_RESET_MS, 'Copilot answered 401 after a token refresh', true);
        return { kind: 'failover', res: await bodyless(res) };
      }
      if (JUDGED_STATUSES.has(res.status)) {
        const { res: kept, body } = await readJudged(res);
        const verdict = judgeFailure(kept.status, kept.headers, body, pool.now(), retry.maxRetryAfterSec);
        if (verdict.action === 'failover' && pooled) {
          pool.coolDown(m, verdict.until, verdict.reason, verdict.failing);
          return { kind: 'failover', res: kept };
        }
        res = kept;
      }
      if (!RETRY_STATUSES.has(res.status) || n === retry.maxAttempts) return { kind: 'response', res };
      const after = retryAfterSeconds(res.headers);
      if (after !== undefined && after > retry.maxRetryAfterSec) return { kind: 'response', res }; // too long: let the client decide
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

  async function send(req: UpstreamRequest): Promise<UpstreamResponse> {
    if (admission && req.cancel) admission.admit(req.cancel);
    let payload = serialise(req.body);
    const members = await pool.members(req.storeChecked);
    if (req.accountId !== undefined) {
      const m = members.find((x) => x.id === req.accountId);
      if (!m)
        throw new GatewayError('not_found', `No account ${req.accountId} in the pool`, { retryable: false });
      const out = await onMember(m, req, payload, false, false);
      // An explicit account (its model catalogue): an answer there says nothing of its inference
      // limits, so it does not end a cooldown (nor, through Redis, every instance's).
      if (out.kind === 'response') return noted(m, out.res, false);
      if (out.res) return out.res;
      throw out.error ?? new GatewayError('upstream', 'Copilot could not be reached');
    }
    if (members.length === 0)
      throw new GatewayError(
        'authentication',
        'The gateway has no GitHub account: add one with `copilot-gateway accounts add`',
        { status: 503, retryable: false },
      );
    const loading = req.model !== undefined ? pool.ensureModels(members) : undefined;
    if (loading) await loading;
    const pooled = members.filter((x) => x.enabled).length > 1;
    // With one account there is nowhere to move: affinity costs a store read and is skipped.
    const conversation = !pooled
      ? undefined
      : typeof req.conversation === 'function'
        ? req.conversation()
        : req.conversation;
    const bound = conversation !== undefined ? await pool.affinity(conversation) : undefined;
    const tried = new Set<string>();
    const changes: { kind: string; detail: string }[] = [];
    let sentFor = bound;
    let last: MemberOutcome | undefined;
    for (;;) {
      const m = pool.select(members, { model: req.model, now: pool.now(), exclude: tried, prefer: bound });
      if (!m) {
        // One account only was tried: its own answer (or error) goes back, as without a pool.
        if (tried.size === 1 && last?.kind === 'failover') {
          if (last.res) return last.res;
          if (last.error) throw last.error;
        }
        last?.res?.body.dump();
        return exhausted(members, req);
      }
      tried.add(m.id);
      if (bound !== undefined && sentFor === bound && m.id !== bound) {
        const moved = req.onMove
          ? req.onMove({ from: bound, to: m.id })
          : moveConversationBody(req.endpoint, req.body);
        if (moved) {
          payload = serialise(moved.body);
          changes.push(...moved.changes);
          for (const c of moved.changes)
            log.warn(`conversation moved to ${m.account.label}: ${c.detail}`, { trace: req.traceId });
        }
        sentFor = m.id;
      }
      const alternatives = pool.anyUsable(members, { model: req.model, now: pool.now(), exclude: tried });
      last?.res?.body.dump();
      last = await onMember(m, req, payload, alternatives, pooled);
      if (last.kind === 'failover') {
        changes.push({
          kind: 'account-failover',
          detail: `${m.account.label}: ${m.reason ?? last.error?.message ?? 'failed'}`,
        });
        continue;
      }
      const res = noted(m, last.res);
      if (bound !== undefined && bound !== m.id) res.movedFrom = bound;
      if (changes.length > 0) res.changes = changes;
      if (conversation !== undefined && res.status < 400)
        await pool
          .bind(conversation, m.id)
          .catch((err) => log.warn(`could not record conversation affinity: ${(err as Error).message}`));
      return res;
    }
  }

  function noted(m: PoolMember, res: UpstreamResponse, inference = true): UpstreamResponse {
    if (res.status < 400) pool.noteAnswer(m, res.headers, inference);
    return res;
  }

  /** Every account that could serve is cooling down or failed for this request. */
  function exhausted(members: readonly PoolMember[], req: UpstreamRequest): never {
    const usableAtAll = members.filter(
      (m) => m.enabled && (req.model === undefined || m.models === undefined || m.models.has(req.model)),
    );
    if (usableAtAll.length === 0)
      throw new GatewayError(
        'invalid_request',
        req.model !== undefined
          ? `No enabled account offers model ${req.model}`
          : 'Every account of the gateway is disabled: enable one with `copilot-gateway accounts enable`',
        { status: req.model !== undefined ? 400 : 503, code: 'model_not_supported', retryable: false },
      );
    const at = pool.soonestReturn(members, req.model) ?? pool.now() + UNKNOWN_RESET_MS;
    const secs = Math.max(1, Math.ceil((at - pool.now()) / 1000));
    const first = usableAtAll.reduce((a, b) => (b.cooldownUntil < a.cooldownUntil ? b : a));
    const reasons = [...new Set(usableAtAll.map((m) => m.reason).filter(Boolean))].join(', ');
    throw new GatewayError(
      'rate_limit',
      `All ${usableAtAll.length} Copilot account(s) are at their limits (${reasons || 'unavailable'}); the soonest, ${first.account.label}, is back at ${new Date(at).toISOString()} (in ${secs} s)`,
      { status: 429, code: 'all_accounts_limited', retryAfter: secs, retryable: true },
    );
  }

  return {
    send,
    interruptAll(err: Error): number {
      const bodies = [...open];
      for (const body of bodies) body.destroy(err);
      return bodies.length;
    },
    close: async () => {
      await pool.close();
    },
  };
}

function serialise(body: UpstreamRequest['body']): Payload {
  return body === undefined || typeof body === 'string' || Buffer.isBuffer(body)
    ? (body as Payload)
    : JSON.stringify(body);
}

/** Errors of the GitHub side that mean this account cannot get a Copilot token. */
function isAccountError(err: GatewayError): boolean {
  return err.kind === 'authentication' || err.kind === 'permission' || err.kind === 'quota';
}

/** Reads a small error body to judge it, and hands back a response whose body can be read again. */
async function readJudged(res: UpstreamResponse): Promise<{ res: UpstreamResponse; body: unknown }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_JUDGED_BODY) break;
  }
  if (size > MAX_JUDGED_BODY) res.body.destroy();
  const buf = Buffer.concat(chunks);
  const copy = new UpstreamBody();
  copy.push(buf);
  copy.end();
  let body: unknown = buf.toString('utf8');
  try {
    body = JSON.parse(body as string);
  } catch {
    // keep the text
  }
  return { res: { ...res, body: copy }, body };
}

async function bodyless(res: UpstreamResponse): Promise<UpstreamResponse> {
  const empty = new UpstreamBody();
  empty.end();
  return { ...res, body: empty };
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
