// The reply of GET /copilot_internal/user (reference §7), trimmed to what `usage` shows.
// Fields are optional because the shape differs by plan and keeps growing.

export interface QuotaSnapshot {
  quota_id?: string;
  entitlement?: number;
  remaining?: number;
  quota_remaining?: number;
  percent_remaining?: number;
  unlimited?: boolean;
  overage_count?: number;
  overage_permitted?: boolean;
  timestamp_utc?: string;
}

export interface CopilotUsage {
  login?: string;
  copilot_plan?: string;
  access_type_sku?: string;
  chat_enabled?: boolean;
  quota_reset_date?: string;
  quota_reset_date_utc?: string;
  quota_snapshots?: Record<string, QuotaSnapshot | undefined>;
  /** Free plan: what is left, per pool. */
  limited_user_quotas?: Record<string, number> | null;
  /** Free plan: the monthly allowance, per pool. */
  monthly_quotas?: Record<string, number> | null;
  limited_user_reset_date?: string;
  [key: string]: unknown;
}
