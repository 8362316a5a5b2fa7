// Renders `accounts list`: one row per account with its state from the store (so it shows what
// a running gateway recorded: cooling down until T, failing with a reason, disabled).
import type { Account, AccountState } from '../store/accounts/types.js';
import { table } from './format-usage.js';

export interface AccountRow {
  id: string;
  label: string;
  login: string;
  kind: Account['kind'];
  host: string;
  priority: number;
  state: 'active' | 'cooling' | 'failing' | 'disabled';
  until?: string;
  reason?: string;
  proxy?: boolean;
  limits?: AccountState['limits'];
  served: number;
}

export function accountRows(accounts: Account[], states: AccountState[], now: number): AccountRow[] {
  const byId = new Map(states.map((s) => [s.accountId, s]));
  return accounts.map((a) => {
    const s = byId.get(a.id);
    const cooling = s?.cooldownUntil !== undefined && s.cooldownUntil > now;
    const state = !a.enabled ? 'disabled' : cooling ? (s?.failing ? 'failing' : 'cooling') : 'active';
    return {
      id: a.id,
      label: a.label,
      login: a.login,
      kind: a.kind,
      host: new URL(a.githubUrl).host,
      priority: a.priority,
      state,
      until: cooling ? new Date(s?.cooldownUntil as number).toISOString() : undefined,
      reason: cooling ? s?.reason : undefined,
      proxy: a.proxyUrl ? true : undefined,
      limits: s?.limits,
      served: s?.served ?? 0,
    };
  });
}

function stateText(r: AccountRow): string {
  if (r.state === 'cooling') return `cooling down until ${r.until} (${r.reason ?? 'limit'})`;
  if (r.state === 'failing') return `failing: ${r.reason ?? 'unknown'} (retried after ${r.until})`;
  return r.state;
}

function pct(w: { remaining?: number } | undefined): string {
  return w?.remaining === undefined ? '-' : `${w.remaining}%`;
}

export function formatAccounts(rows: AccountRow[]): string {
  if (rows.length === 0) return 'No accounts. Add one with `copilot-gateway accounts add`.';
  return table([
    ['ID', 'LABEL', 'LOGIN', 'HOST', 'PRIO', 'SESSION', 'WEEKLY', 'STATE'],
    ...rows.map((r) => [
      r.id,
      r.label,
      r.login,
      r.host,
      String(r.priority),
      pct(r.limits?.session),
      pct(r.limits?.weekly),
      stateText(r),
    ]),
  ]).join('\n');
}
