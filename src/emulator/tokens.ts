// Copilot token issuing and checking, and the deterministic "signatures" the emulator puts on
// reasoning state. Each emulator owns one TokenStore (no module-level state).
import { createHmac, randomBytes } from 'node:crypto';

export type AccountPlan = 'individual' | 'business' | 'enterprise';

const SKU_BY_PLAN: Record<AccountPlan, string> = {
  individual: 'plus_monthly_subscriber_quota',
  business: 'copilot_for_business_seat_quota',
  enterprise: 'copilot_enterprise_seat_quota',
};

// A fixed key keeps signatures stable across emulator instances (recorded fixtures stay valid);
// what matters is that a changed text or signature no longer verifies.
const SIGNING_KEY = 'copilot-gateway-emulator';

/** Deterministic HMAC hex of a reasoning text: the emulator's stand-in for thinking signatures. */
export function signReasoning(text: string, key = SIGNING_KEY): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/** The key of a user's signatures: the first user signs with the fixed key, others with their own. */
export function userSigningKey(login: string, first: boolean): string {
  return first ? SIGNING_KEY : `${SIGNING_KEY}:${login}`;
}

export function verifyReasoning(text: string, signature: unknown, key = SIGNING_KEY): boolean {
  return typeof signature === 'string' && signature === signReasoning(text, key);
}

/** Opaque `encrypted_content` for /responses: base64 of the text plus its signature. */
export function encryptReasoning(text: string, key = SIGNING_KEY): string {
  return `gAAAAA${Buffer.from(JSON.stringify({ t: text, s: signReasoning(text, key) })).toString('base64')}`;
}

export function decryptReasoning(content: unknown, key = SIGNING_KEY): string | undefined {
  if (typeof content !== 'string' || !content.startsWith('gAAAAA')) return undefined;
  try {
    const v = JSON.parse(Buffer.from(content.slice(6), 'base64').toString('utf8')) as {
      t?: unknown;
      s?: unknown;
    };
    return typeof v.t === 'string' && verifyReasoning(v.t, v.s, key) ? v.t : undefined;
  } catch {
    return undefined;
  }
}

export interface IssuedToken {
  token: string;
  expiresAt: number;
  refreshIn: number;
  sku: string;
}

export type TokenCheck = 'ok' | 'expired' | 'unknown';

export function skuFor(plan: AccountPlan): string {
  return SKU_BY_PLAN[plan];
}

/** Issues Copilot tokens; each token remembers the user (`O`) it was issued to. */
export class TokenStore<O = unknown> {
  private readonly tokens = new Map<string, { expiresAt: number; invalidated: boolean; owner: O }>();

  constructor(
    private readonly ttlSec: number,
    private readonly plan: AccountPlan,
    private readonly proxyHost: () => string,
    private readonly defaultOwner: () => O,
  ) {}

  get sku(): string {
    return SKU_BY_PLAN[this.plan];
  }

  issue(owner: O = this.defaultOwner(), plan: AccountPlan = this.plan): IssuedToken {
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = now + this.ttlSec;
    const refreshIn = Math.max(1, this.ttlSec - 300);
    const tid = randomBytes(16).toString('hex');
    const sku = SKU_BY_PLAN[plan];
    const fields = `tid=${tid};exp=${expiresAt};sku=${sku};proxy-ep=${this.proxyHost()};st=dotcom;chat=1;cit=1;malfil=1;editor_preview_features=1;ccr=1;rt=1;8kp=1`;
    const token = `${fields}:${createHmac('sha256', SIGNING_KEY).update(fields).digest('hex')}`;
    this.tokens.set(token, { expiresAt, invalidated: false, owner });
    return { token, expiresAt, refreshIn, sku };
  }

  check(token: string): TokenCheck {
    const t = this.tokens.get(token);
    if (!t) return 'unknown';
    if (t.invalidated || Date.now() / 1000 >= t.expiresAt) return 'expired';
    return 'ok';
  }

  owner(token: string): O | undefined {
    return this.tokens.get(token)?.owner;
  }

  /** The expired-token fault: this token stops working, a fresh exchange gives a good one. */
  invalidate(token: string): void {
    const t = this.tokens.get(token);
    if (t) t.invalidated = true;
  }
}
