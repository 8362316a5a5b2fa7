// Copilot's usage headers (2026): `x-usage-ratelimit-session`, `x-usage-ratelimit-weekly` and
// `x-quota-snapshot-<pool>`, query-encoded like `ent=0&ov=0.0&ovPerm=false&rem=99.6&rst=2026-10-03T17:00:00Z`
// (rem = percent left, rst = reset time, ent = entitlement, ov = overage used).

export interface UsageHeader {
  /** Percent left (0..100). */
  remainingPercent?: number;
  resetAt?: string;
  entitlement?: number;
  overage?: number;
  overagePermitted?: boolean;
}

function num(v: string | null): number | undefined {
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function parseUsageHeader(value: string | undefined): UsageHeader | undefined {
  if (!value) return undefined;
  const q = new URLSearchParams(value);
  const rst = q.get('rst');
  const out: UsageHeader = {
    remainingPercent: num(q.get('rem')),
    resetAt: rst && Number.isFinite(Date.parse(rst)) ? new Date(rst).toISOString() : undefined,
    entitlement: num(q.get('ent')),
    overage: num(q.get('ov')),
    overagePermitted: q.has('ovPerm') ? q.get('ovPerm') === 'true' : undefined,
  };
  return Object.values(out).some((v) => v !== undefined) ? out : undefined;
}
