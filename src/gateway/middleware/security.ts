// Everything the request guard needs, built once per gateway and hung off its context.

import { LoginLimiter } from '../../admin/auth/login-limiter.js';
import { AdminSessions } from '../../admin/auth/sessions.js';
import type { Settings } from '../../config/settings.js';
import type { GatewayLimits } from '../../shared-limits/types.js';
import type { AdminRepo } from '../../store/admin.js';
import type { KeyIndex, KeysRepo } from '../../store/keys.js';
import type { BrowserPolicy } from './browser-guard.js';
import { createHostAllowList } from './host-allow.js';
import type { ManualApprover } from './manual-approval.js';

export interface SecuritySettings {
  host: string;
  allowedHosts: string[];
  allowedOrigins: string[];
  /** Serve non-loopback clients although no key exists (the user said so with --no-auth). */
  noAuth: boolean;
  /** Global minimum interval between requests to Copilot, in seconds (--rate-limit). */
  rateLimitSec?: number;
  /** Queue requests that come too early instead of refusing them (--wait). */
  rateLimitWait: boolean;
  adminSessionTtlSec: number;
}

export interface GatewaySecurity {
  settings: SecuritySettings;
  keys: KeyIndex;
  /** Create/list/revoke for the admin API (absent: the admin key routes answer 404). */
  keyStore?: Pick<KeysRepo, 'create' | 'list' | 'revoke' | 'update'>;
  admin: AdminRepo;
  sessions: AdminSessions;
  logins: LoginLimiter;
  /** Budgets, per-key rpm/concurrency/tpm and the --rate-limit pacer (local, or shared via Redis). */
  limits: GatewayLimits;
  /** Asks a person to allow each inference request (--manual). */
  approve?: ManualApprover;
  hostAllowed: (host: string | undefined) => boolean;
  browser: BrowserPolicy;
}

export interface SecurityDeps {
  keys: KeyIndex;
  keyStore?: Pick<KeysRepo, 'create' | 'list' | 'revoke' | 'update'>;
  admin: AdminRepo;
  limits: GatewayLimits;
  approve?: ManualApprover;
}

export function securitySettingsOf(s: Settings): SecuritySettings {
  return {
    host: s.host,
    allowedHosts: s.allowedHosts,
    allowedOrigins: s.allowedOrigins,
    noAuth: s.noAuth,
    rateLimitSec: s.rateLimitSec,
    rateLimitWait: s.rateLimitWait,
    adminSessionTtlSec: s.adminSessionTtlSec,
  };
}

export function createGatewaySecurity(settings: SecuritySettings, deps: SecurityDeps): GatewaySecurity {
  return {
    settings,
    keys: deps.keys,
    keyStore: deps.keyStore,
    admin: deps.admin,
    sessions: new AdminSessions(settings.adminSessionTtlSec),
    logins: new LoginLimiter(),
    limits: deps.limits,
    approve: deps.approve,
    hostAllowed: createHostAllowList(settings.host, settings.allowedHosts),
    browser: { allowedOrigins: new Set(settings.allowedOrigins) },
  };
}
