// The admin API's JSON, as /admin/api/openapi.json describes it. Where the server's own type is
// the wire shape and imports nothing, it is re-exported (type-only: nothing of it is bundled).
import type { AccountLimits } from '../../../src/store/accounts/types.js';

export type { AccountLimits, LimitWindow } from '../../../src/store/accounts/types.js';
export type { ApiKey, KeyLimits, KeyScope } from '../../../src/store/keys.js';
export interface AuthState {
  passwordSet: boolean;
  setupAllowed: boolean;
  loggedIn: boolean;
  csrfToken?: string;
}

export interface SessionAnswer {
  loggedIn: boolean;
  csrfToken: string;
  expiresAt: number;
}

export interface Totals {
  requests: number;
  errors: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  nanoAiu: number;
  credits: number;
  estimatedNanoAiu: number;
  unpricedRequests: number;
}

export type AccountState = 'active' | 'cooling' | 'failing' | 'disabled';

export interface AccountStatus {
  id: string;
  label: string;
  login: string;
  enabled: boolean;
  state: AccountState;
  cooldownUntil?: number;
  reason?: string;
  limits?: AccountLimits;
}

export interface Status {
  version: string;
  startedAt: number;
  uptimeSec: number;
  health: 'ok' | 'degraded' | 'down';
  inflight: number;
  upstreamInflight: number;
  lastHour: Totals;
  month: Totals & { since: number };
  accounts: AccountStatus[];
}

export interface QuotaSnapshot {
  entitlement?: number;
  remaining?: number;
  percentRemaining?: number;
  unlimited?: boolean;
}

export interface AccountView extends AccountStatus {
  kind: 'oauth' | 'pat' | 'app';
  githubUrl: string;
  accountType?: string;
  copilotApiUrl?: string;
  priority: number;
  proxyUrl?: string;
  createdAt: number;
  served: number;
  quota?: {
    plan?: string;
    resetDate?: string;
    fetchedAt?: number;
    error?: string;
    snapshots: Record<string, QuotaSnapshot>;
  };
}

export interface DeviceStart {
  flowId: string;
  userCode: string;
  verificationUri: string;
  expiresAt: number;
  interval: number;
}

export type DevicePoll =
  | ({ status: 'pending' } & Omit<DeviceStart, 'flowId'>)
  | { status: 'done'; account: AccountView; added: boolean }
  | { status: 'expired' | 'denied' | 'error'; message: string };

export type IngressProtocol = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';
export type ModelRoute = { endpoint: string; passthrough: boolean } | { error: string };

export interface ModelView {
  id: string;
  name: string;
  vendor: string;
  type: string;
  preview: boolean;
  supportedEndpoints: string[];
  limits: {
    maxContextWindowTokens?: number;
    maxPromptTokens?: number;
    maxOutputTokens?: number;
    maxNonStreamingOutputTokens?: number;
  };
  billing?: { premium?: boolean; multiplier?: number };
  price: null | { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  routes: Partial<Record<IngressProtocol, ModelRoute>>;
}

export interface ModelsAnswer {
  accounts: { accountId: string; label: string; error?: string; models: ModelView[] }[];
  mappings: Record<string, string>;
  smallModel: string | null;
}

export interface SummaryAnswer {
  bucket: 'hour' | 'day';
  from: number;
  to: number;
  buckets: (Totals & { start: number })[];
  totals: Totals;
}

export interface BreakdownAnswer {
  by: 'model' | 'key' | 'account';
  groups: (Totals & { group: string })[];
}

export interface UsageRow {
  id: number | string;
  tsMs: number;
  traceId: string;
  keyId?: string;
  accountId?: string;
  ingress: string;
  egress?: string;
  path: string;
  requestedModel?: string;
  resolvedModel?: string;
  status: number;
  errorKind?: string;
  stream: boolean;
  passthrough?: boolean;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costNanoAiu?: number;
  costSource: 'reported' | 'estimate' | 'none';
  multiplier?: number;
  initiator?: string;
  firstByteMs?: number;
  durationMs: number;
  changes: { kind: string; detail: string }[];
}

export interface LogAnswer {
  rows: UsageRow[];
  nextCursor: string | null;
}

export interface SettingsView {
  configFile: string;
  effective: Record<string, unknown>;
  file: Record<string, unknown>;
  secrets: Record<string, boolean>;
  apply: Record<string, 'live' | 'restart'>;
  schema: JsonSchema;
}

export interface SettingsSaved extends SettingsView {
  applied: string[];
  restartRequired: string[];
}

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  anyOf?: JsonSchema[];
}
