// The emulated GitHub users: each has its own GitHub token, sign-in kind, plan, model list,
// premium-request quota and 2026 limit windows (5-hour session, weekly; copilot-upstream-2026.md
// §2). Tests exhaust and reset a user's limits through `limit()` / `reset()` (or the control API).
import { BillingLedger } from './billing.js';
import { Catalogue } from './catalogue.js';
import { EmulatorHttpError } from './http-error.js';
import { QuotaState } from './quota.js';
import { type AccountPlan, userSigningKey } from './tokens.js';

/** How the user signs in: an OAuth token exchanged at v2/token, or a token used directly. */
export type EmulatorTokenKind = 'oauth' | 'pat' | 'app';

export interface EmulatorUserOptions {
  /** The GitHub token (gho_/ghu_ for oauth, github_pat_ for pat, ghs_ for app). */
  token: string;
  login: string;
  plan?: AccountPlan;
  kind?: EmulatorTokenKind;
  /** Model ids this user may use (default: the whole catalogue). */
  models?: string[];
  /**
   * [unverified, copilot-upstream-2026.md §3] Some enterprise seats list models without
   * `supported_endpoints`: the user's /models omits the field, while each model is still served
   * only on its real endpoints. A wrong endpoint answers 400 `unsupported_api_for_model`, or 421
   * `Misdirected Request` with `'misdirected'`.
   */
  hideEndpointMetadata?: boolean | 'misdirected';
  /** Reaches a limit by itself after this many inference requests (the window then runs resetInSec). */
  limitAfter?: { requests: number; kind: EmulatorLimitKind; resetInSec: number };
}

/** A limit a test can put a user into. */
export type EmulatorLimitKind = 'session' | 'weekly' | 'quota' | 'extension_blocked' | 'global';

const PLAN_CODE: Record<AccountPlan, string> = {
  individual: 'pro',
  business: 'business',
  enterprise: 'enterprise',
};

interface Window {
  /** Percent left. */
  rem: number;
  resetAtMs: number;
}

function windowHeader(w: Window): string {
  return `ent=0&ov=0.0&ovPerm=false&rem=${w.rem}&rst=${new Date(w.resetAtMs).toISOString().slice(0, 19)}Z`;
}

export class EmulatorUser {
  readonly token: string;
  readonly login: string;
  readonly plan: AccountPlan;
  readonly kind: EmulatorTokenKind;
  readonly quota: QuotaState;
  /** AI Credits billed per answer to this user (served by the billing API). */
  readonly billing = new BillingLedger();
  readonly catalogue: Catalogue;
  /** What the user's GET /models lists (without endpoint metadata when hidden). */
  readonly listing: unknown[];
  /** How a request on an endpoint the model lacks is answered. */
  readonly wrongEndpoint: 'unsupported_api' | 'misdirected';
  /** Reasoning signatures are bound to the user: another user's do not verify. */
  readonly signingKey: string;
  /** Requests this user's Copilot tokens made (inference only). */
  requests = 0;
  private session: Window;
  private weekly: Window;
  private blocked: { kind: EmulatorLimitKind; untilMs: number } | undefined;
  private readonly limitAfter: EmulatorUserOptions['limitAfter'];
  private limitReached = false;

  constructor(options: EmulatorUserOptions, all: Catalogue, plan: AccountPlan, first: boolean) {
    this.token = options.token;
    this.login = options.login;
    this.plan = options.plan ?? plan;
    this.kind = options.kind ?? 'oauth';
    this.limitAfter = options.limitAfter;
    this.quota = new QuotaState(this.plan);
    this.signingKey = userSigningKey(this.login, first);
    const allow = options.models ? new Set(options.models) : undefined;
    this.catalogue = allow
      ? new Catalogue(all.raw.filter((m) => allow.has(String((m as { id?: unknown }).id))))
      : all;
    this.listing = options.hideEndpointMetadata
      ? this.catalogue.raw.map((m) => withoutEndpoints(m))
      : this.catalogue.raw;
    this.wrongEndpoint = options.hideEndpointMetadata === 'misdirected' ? 'misdirected' : 'unsupported_api';
    const now = Date.now();
    this.session = { rem: 100, resetAtMs: now + 5 * 3600_000 };
    this.weekly = { rem: 100, resetAtMs: now + 7 * 86400_000 };
  }

  /** Puts the user over a limit until `resetInSec` from now. */
  limit(kind: EmulatorLimitKind, resetInSec: number): void {
    const untilMs = Date.now() + Math.max(1, resetInSec) * 1000;
    this.blocked = { kind, untilMs };
    if (kind === 'session') this.session = { rem: 0, resetAtMs: untilMs };
    if (kind === 'weekly') this.weekly = { rem: 0, resetAtMs: untilMs };
  }

  /** Clears every limit (the windows start afresh). */
  reset(): void {
    this.blocked = undefined;
    const now = Date.now();
    this.session = { rem: 100, resetAtMs: now + 5 * 3600_000 };
    this.weekly = { rem: 100, resetAtMs: now + 7 * 86400_000 };
  }

  /** `x-usage-ratelimit-*` headers sent on every answer. */
  limitHeaders(): Record<string, string> {
    return {
      'x-usage-ratelimit-session': windowHeader(this.session),
      'x-usage-ratelimit-weekly': windowHeader(this.weekly),
      'x-quota-snapshot-premium_interactions': this.quota.header(),
    };
  }

  /** The error an inference request gets while the user is over a limit, with the real codes. */
  check(now = Date.now()): EmulatorHttpError | undefined {
    const after = this.limitAfter;
    if (after && !this.limitReached && this.requests >= after.requests) {
      this.limitReached = true;
      this.limit(after.kind, after.resetInSec);
    }
    const b = this.blocked;
    if (!b) return undefined;
    if (now >= b.untilMs) {
      this.reset();
      return undefined;
    }
    const secs = Math.ceil((b.untilMs - now) / 1000);
    const headers = { ...this.limitHeaders(), 'retry-after': String(secs) };
    switch (b.kind) {
      case 'session':
        return new EmulatorHttpError(
          429,
          {
            error: {
              message: `Sorry, you've exceeded your 5 hour session limits. Please retry after ${secs} seconds.`,
              code: `user_global_rate_limited:${PLAN_CODE[this.plan]}`,
            },
          },
          headers,
        );
      case 'weekly':
        return new EmulatorHttpError(
          429,
          {
            error: {
              message: `Sorry, you've exceeded your weekly rate limit. Please retry after ${secs} seconds.`,
              code: 'user_weekly_rate_limited',
            },
          },
          headers,
        );
      case 'global':
        return new EmulatorHttpError(
          429,
          { error: { message: 'Sorry, you have been rate-limited.', code: 'rate_limited' } },
          { ...headers, 'x-ratelimit-exceeded': 'global' },
        );
      case 'extension_blocked':
        return new EmulatorHttpError(
          429,
          {
            error: {
              message: 'Access to this extension has been blocked.',
              code: 'extension_blocked',
            },
          },
          headers,
        );
      case 'quota':
        return new EmulatorHttpError(
          402,
          { error: { message: 'You have no quota', code: 'quota_exceeded' } },
          headers,
        );
    }
  }
}

/** The users of one emulator, found by GitHub token or login. */
export class UserDirectory {
  private readonly byToken = new Map<string, EmulatorUser>();
  readonly list: EmulatorUser[] = [];

  add(user: EmulatorUser): void {
    this.list.push(user);
    this.byToken.set(user.token, user);
  }

  byGithubToken(token: string): EmulatorUser | undefined {
    return this.byToken.get(token);
  }

  find(loginOrToken: string): EmulatorUser | undefined {
    return this.byToken.get(loginOrToken) ?? this.list.find((u) => u.login === loginOrToken);
  }
}

function withoutEndpoints(model: unknown): unknown {
  if (!model || typeof model !== 'object') return model;
  const { supported_endpoints: _hidden, ...rest } = model as Record<string, unknown>;
  return rest;
}
