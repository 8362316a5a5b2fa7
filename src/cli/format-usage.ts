// Renders GET /copilot_internal/user as aligned text: plan, each quota pool, reset date. Paid
// plans report `quota_snapshots`; the free plan reports `limited_user_quotas` (what is left) and
// `monthly_quotas` (the allowance) instead.
import type { CopilotUsage, QuotaSnapshot } from '../github/usage-types.js';

export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

function fmtNumber(n: number | undefined): string {
  if (n === undefined) return '-';
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function fmtPercent(n: number | undefined): string {
  return n === undefined ? '-' : `${n.toFixed(1)}%`;
}

function snapshotRow(name: string, s: QuotaSnapshot): string[] {
  const unlimited = s.unlimited === true;
  const overage = `${fmtNumber(s.overage_count ?? 0)} (${s.overage_permitted ? 'permitted' : 'not permitted'})`;
  return [
    name,
    unlimited ? 'unlimited' : fmtNumber(s.entitlement),
    unlimited ? 'unlimited' : fmtNumber(s.quota_remaining ?? s.remaining),
    fmtPercent(s.percent_remaining),
    unlimited ? 'yes' : 'no',
    overage,
  ];
}

export function formatUsage(usage: CopilotUsage): string {
  const lines: string[] = [];
  const plan = usage.copilot_plan ?? 'unknown';
  const sku = usage.access_type_sku;
  lines.push(
    ...table([
      ['Account:', usage.login ?? '-'],
      ['Plan:', sku && sku !== plan ? `${plan} (${sku})` : plan],
      [
        'Quota resets:',
        usage.quota_reset_date_utc ?? usage.quota_reset_date ?? usage.limited_user_reset_date ?? '-',
      ],
    ]),
  );
  lines.push('');

  const snapshots = Object.entries(usage.quota_snapshots ?? {}).filter(
    (e): e is [string, QuotaSnapshot] => e[1] !== undefined && e[1] !== null && typeof e[1] === 'object',
  );
  if (snapshots.length > 0) {
    lines.push(
      ...table([
        ['Quota', 'Entitlement', 'Remaining', 'Percent', 'Unlimited', 'Overage'],
        ...snapshots.map(([name, s]) => snapshotRow(name, s)),
      ]),
    );
    return lines.join('\n');
  }

  const remaining = usage.limited_user_quotas ?? undefined;
  if (remaining && typeof remaining === 'object') {
    const monthly = usage.monthly_quotas ?? {};
    const rows = Object.entries(remaining).map(([name, left]) => {
      const total = monthly[name];
      const percent = total ? (left / total) * 100 : undefined;
      return [name, fmtNumber(total), fmtNumber(left), fmtPercent(percent)];
    });
    lines.push('Free plan (Copilot Free) monthly quotas:');
    lines.push(...table([['Quota', 'Monthly', 'Remaining', 'Percent'], ...rows]));
    return lines.join('\n');
  }

  lines.push('GitHub reported no quota information for this account.');
  return lines.join('\n');
}
