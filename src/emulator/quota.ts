// Premium-request accounting and the /copilot_internal/user reply, varied by account plan.
import type { AccountPlan } from './tokens.js';

const ENTITLEMENT: Record<AccountPlan, number> = { individual: 1500, business: 300, enterprise: 1000 };
const COPILOT_PLAN: Record<AccountPlan, string> = {
  individual: 'individual_pro',
  business: 'business',
  enterprise: 'enterprise',
};

function nextMonthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

export class QuotaState {
  /** Premium requests used this period (user-initiated requests × model multiplier). */
  used = 0;

  constructor(readonly plan: AccountPlan) {}

  get entitlement(): number {
    return ENTITLEMENT[this.plan];
  }

  consume(multiplier: number): void {
    this.used += multiplier;
  }

  private snapshot(now: Date) {
    const remaining = this.entitlement - this.used;
    return {
      quota_id: 'premium_interactions',
      entitlement: this.entitlement,
      remaining: Math.floor(remaining),
      quota_remaining: remaining,
      percent_remaining: Math.round((remaining / this.entitlement) * 10000) / 100,
      unlimited: false,
      overage_count: 0,
      overage_permitted: this.plan !== 'individual',
      timestamp_utc: now.toISOString(),
    };
  }

  /** `x-quota-snapshot-premium_interactions`: query-encoded, `rem` is a percent. */
  header(now = new Date()): string {
    const s = this.snapshot(now);
    return new URLSearchParams({
      ent: String(s.entitlement),
      ov: '0.0',
      ovPerm: String(s.overage_permitted),
      rem: String(s.percent_remaining),
      rst: `${nextMonthStart(now).toISOString().slice(0, 19)}Z`,
    }).toString();
  }

  userInfo(login: string, apiUrl: string, sku: string, now = new Date()): Record<string, unknown> {
    const unlimited = (id: string) => ({
      quota_id: id,
      entitlement: 0,
      remaining: 0,
      quota_remaining: 0,
      percent_remaining: 100,
      unlimited: true,
      overage_count: 0,
      overage_permitted: false,
      timestamp_utc: now.toISOString(),
    });
    const reset = nextMonthStart(now);
    return {
      login,
      access_type_sku: sku,
      analytics_tracking_id: 'a1b2c3d4e5f60718',
      assigned_date: '2026-01-30T10:00:46-05:00',
      can_signup_for_limited: false,
      chat_enabled: true,
      copilot_plan: COPILOT_PLAN[this.plan],
      organization_login_list: this.plan === 'individual' ? [] : ['octo-org'],
      organization_list: this.plan === 'individual' ? [] : [{ login: 'octo-org', name: 'Octo Org' }],
      endpoints: { api: apiUrl },
      quota_reset_date: reset.toISOString().slice(0, 10),
      quota_reset_date_utc: reset.toISOString(),
      quota_snapshots: {
        chat: unlimited('chat'),
        completions: unlimited('completions'),
        premium_interactions: this.snapshot(now),
      },
      token_based_billing: false,
    };
  }
}
