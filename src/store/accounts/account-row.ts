// An account row as either database returns it (SQLite gives 0/1 where PostgreSQL gives a
// boolean), the one mapping to Account, and the patch fields' column names.
import type { Account, AccountPatch } from './types.js';

export interface AccountRow {
  id: string;
  label: string;
  login: string;
  kind: Account['kind'];
  github_url: string;
  account_type: string | null;
  copilot_api_url: string | null;
  priority: number;
  enabled: number | boolean;
  proxy_url: string | null;
  device_id: string;
  machine_id: string;
  created_ms: number;
}

export function toAccount(r: AccountRow): Account {
  return {
    id: r.id,
    label: r.label,
    login: r.login,
    kind: r.kind,
    githubUrl: r.github_url,
    accountType: r.account_type ?? undefined,
    copilotApiUrl: r.copilot_api_url ?? undefined,
    priority: r.priority,
    enabled: r.enabled === true || r.enabled === 1,
    // '' is how an update removes the proxy (undefined leaves a field unchanged).
    proxyUrl: r.proxy_url || undefined,
    deviceId: r.device_id,
    machineId: r.machine_id,
    createdAt: r.created_ms,
  };
}

/** The column of each field an AccountPatch may change. */
export const ACCOUNT_PATCH_COLUMNS: Record<keyof AccountPatch, string> = {
  label: 'label',
  login: 'login',
  priority: 'priority',
  enabled: 'enabled',
  proxyUrl: 'proxy_url',
  copilotApiUrl: 'copilot_api_url',
  accountType: 'account_type',
};
